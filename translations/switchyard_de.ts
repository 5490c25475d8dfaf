<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>sy::BackendTableModel</name>
    <message>
        <source>%1 at %2</source>
        <translation>%1 um %2</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
<context>
    <name>sy::ChartsPanel</name>
    <message>
        <source>Traffic over the last:</source>
        <translation>Verkehr der letzten:</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 Minuten</translation>
    </message>
    <message>
        <source>Requests per second</source>
        <translation>Anfragen pro Sekunde</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens pro Sekunde</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Time to first token (ms)</source>
        <translation>Zeit bis zum ersten Token (ms)</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Error rate (%)</source>
        <translation>Fehlerquote (%)</translation>
    </message>
    <message>
        <source>Failed requests</source>
        <translation>Fehlgeschlagene Anfragen</translation>
    </message>
</context>
<context>
    <name>sy::DashboardWindow</name>
    <message>
        <source>Switchyard Dashboard</source>
        <translation>Switchyard-Dashboard</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
</context>
<context>
    <name>sy::Format</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Gesund</translation>
    </message>
    <message>
        <source>Unhealthy</source>
        <translation>Gestört</translation>
    </message>
    <message>
        <source>Cooling down</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>wird gestoppt</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>abgestürzt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>sy::GatewayMonitor</name>
    <message>
        <source>Not answering: %1</source>
        <translation>Antwortet nicht: %1</translation>
    </message>
    <message>
        <source>%1% of requests failed in the last minute</source>
        <translation>%1 % der Anfragen sind in der letzten Minute fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>sy::GatewaySession</name>
    <message>
        <source>no config file at %1</source>
        <translation>keine Konfigurationsdatei unter %1</translation>
    </message>
    <message>
        <source>no config file, and the default one could not be written: %1</source>
        <translation>keine Konfigurationsdatei, und die Standarddatei konnte nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>sy::KeyEditDialog</name>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Expires on</source>
        <translation>Läuft ab am</translation>
    </message>
    <message>
        <source>Limits of “%1”</source>
        <translation>Limits von „%1“</translation>
    </message>
    <message>
        <source>Create Key</source>
        <translation>Schlüssel erstellen</translation>
    </message>
    <message>
        <source>e.g. laptop, open-webui, ci</source>
        <translation>z. B. laptop, open-webui, ci</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>Model groups this key may use, separated by commas. Known: %1</source>
        <translation>Modellgruppen, die dieser Schlüssel nutzen darf, durch Kommas getrennt. Bekannt: %1</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keine</translation>
    </message>
    <message>
        <source>Models:</source>
        <translation>Modelle:</translation>
    </message>
    <message>
        <source>Requests per minute:</source>
        <translation>Anfragen pro Minute:</translation>
    </message>
    <message>
        <source>Tokens per minute:</source>
        <translation>Tokens pro Minute:</translation>
    </message>
    <message>
        <source>Parallel requests:</source>
        <translation>Parallele Anfragen:</translation>
    </message>
    <message>
        <source>No budget</source>
        <translation>Kein Budget</translation>
    </message>
    <message>
        <source>Never resets</source>
        <translation>Wird nie zurückgesetzt</translation>
    </message>
    <message>
        <source>Resets daily</source>
        <translation>Täglich zurückgesetzt</translation>
    </message>
    <message>
        <source>Resets weekly</source>
        <translation>Wöchentlich zurückgesetzt</translation>
    </message>
    <message>
        <source>Resets monthly</source>
        <translation>Monatlich zurückgesetzt</translation>
    </message>
    <message>
        <source>Resets every %1</source>
        <translation>Alle %1 zurückgesetzt</translation>
    </message>
    <message>
        <source>Budget:</source>
        <translation>Budget:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Ablauf:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
</context>
<context>
    <name>sy::KeyListModel</name>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>%1 RPM</source>
        <translation>%1 RPM</translation>
    </message>
    <message>
        <source>%1 TPM</source>
        <translation>%1 TPM</translation>
    </message>
    <message>
        <source>%1 parallel</source>
        <translation>%1 parallel</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>%1 von %2 verbraucht</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Budget used up</source>
        <translation>Budget aufgebraucht</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Limits</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt benutzt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>sy::KeyUsageModel</name>
    <message>
        <source>%1 RPM</source>
        <translation>%1 RPM</translation>
    </message>
    <message>
        <source>%1 TPM</source>
        <translation>%1 TPM</translation>
    </message>
    <message>
        <source>%1 parallel</source>
        <translation>%1 parallel</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>%1 per day</source>
        <translation>%1 pro Tag</translation>
    </message>
    <message>
        <source>%1 per week</source>
        <translation>%1 pro Woche</translation>
    </message>
    <message>
        <source>%1 per month</source>
        <translation>%1 pro Monat</translation>
    </message>
    <message>
        <source>%1 in total</source>
        <translation>%1 insgesamt</translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation>%1 pro %2</translation>
    </message>
    <message>
        <source>Counted from this session&apos;s requests; the key store has no entry for this key.</source>
        <translation>Aus den Anfragen dieser Sitzung gezählt; der Schlüsselspeicher kennt diesen Schlüssel nicht.</translation>
    </message>
    <message>
        <source>%1 (revoked)</source>
        <translation>%1 (widerrufen)</translation>
    </message>
    <message>
        <source>Failed requests since Switchyard started</source>
        <translation>Fehlgeschlagene Anfragen seit dem Start von Switchyard</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Limits</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Budget left</source>
        <translation>Restbudget</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt benutzt</translation>
    </message>
</context>
<context>
    <name>sy::KeysPage</name>
    <message>
        <source>Created “%1”.</source>
        <translation>„%1“ erstellt.</translation>
    </message>
    <message>
        <source>Saved the limits of “%1”.</source>
        <translation>Limits von „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Key revoked.</source>
        <translation>Schlüssel widerrufen.</translation>
    </message>
    <message>
        <source>Virtual keys are not available yet</source>
        <translation>Virtuelle Schlüssel sind noch nicht verfügbar</translation>
    </message>
    <message>
        <source>Keys of their own for each client, with limits and budgets, need the key storage feature, which this version of Switchyard does not include yet.

Until then, clients use the master key: set it under Settings.</source>
        <translation>Eigene Schlüssel für jeden Client, mit Limits und Budgets, brauchen die Schlüsselverwaltung, die diese Version von Switchyard noch nicht enthält.

Bis dahin verwenden Clients den Master-Schlüssel: Legen Sie ihn unter Einstellungen fest.</translation>
    </message>
    <message>
        <source>Create Key…</source>
        <translation>Schlüssel erstellen …</translation>
    </message>
    <message>
        <source>Edit Limits…</source>
        <translation>Limits bearbeiten …</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Widerrufen …</translation>
    </message>
    <message>
        <source>Creating “%1”…</source>
        <translation>„%1“ wird erstellt …</translation>
    </message>
    <message>
        <source>Revoke Key</source>
        <translation>Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>Revoke “%1”? Clients using it are refused from now on. This cannot be undone.</source>
        <translation>„%1“ widerrufen? Clients, die ihn verwenden, werden ab sofort abgewiesen. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Could not list the keys: %1</source>
        <translation>Die Schlüssel konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Could not create the key: %1</source>
        <translation>Der Schlüssel konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>Could not save the limits: %1</source>
        <translation>Die Limits konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Could not revoke the key: %1</source>
        <translation>Der Schlüssel konnte nicht widerrufen werden: %1</translation>
    </message>
</context>
<context>
    <name>sy::LoginItem</name>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>Der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot remove %1</source>
        <translation>%1 kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>Allow Switchyard in System Settings → General → Login Items</source>
        <translation>Erlauben Sie Switchyard unter Systemeinstellungen → Allgemein → Anmeldeobjekte</translation>
    </message>
    <message>
        <source>Only Switchyard.app can start at login, not a bare executable</source>
        <translation>Nur Switchyard.app kann bei der Anmeldung starten, keine einzelne ausführbare Datei</translation>
    </message>
</context>
<context>
    <name>sy::NewKeyDialog</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>New key “%1”</source>
        <translation>Neuer Schlüssel „%1“</translation>
    </message>
    <message>
        <source>Copy this key now. Switchyard keeps only a hash of it: you will not see it again.</source>
        <translation>Kopieren Sie diesen Schlüssel jetzt. Switchyard speichert nur einen Hash davon: Sie werden ihn nicht wieder sehen.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Clients send it as “Authorization: Bearer KEY”, like the master key.</source>
        <translation>Clients senden ihn wie den Master-Schlüssel als „Authorization: Bearer KEY“.</translation>
    </message>
</context>
<context>
    <name>sy::Notifier</name>
    <message>
        <source>%1 (%2) is not answering.</source>
        <translation>%1 (%2) antwortet nicht.</translation>
    </message>
    <message>
        <source>%1 (%2) is not answering: %3</source>
        <translation>%1 (%2) antwortet nicht: %3</translation>
    </message>
    <message>
        <source>%1 is answering again.</source>
        <translation>%1 antwortet wieder.</translation>
    </message>
    <message>
        <source>Backend down</source>
        <translation>Backend ausgefallen</translation>
    </message>
    <message>
        <source>Backend recovered</source>
        <translation>Backend wieder erreichbar</translation>
    </message>
    <message>
        <source>Budget used up</source>
        <translation>Budget aufgebraucht</translation>
    </message>
    <message>
        <source>The key “%1” has used its budget; its requests are refused until it resets.</source>
        <translation>Der Schlüssel „%1“ hat sein Budget aufgebraucht; seine Anfragen werden bis zum Zurücksetzen abgewiesen.</translation>
    </message>
</context>
<context>
    <name>sy::OverviewPage</name>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>Tokens ein / aus</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet …</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Degraded: %1</source>
        <translation>Beeinträchtigt: %1</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Cannot serve: %1</source>
        <translation>Kann nicht bereitstellen: %1</translation>
    </message>
    <message>
        <source>Base URLs: %1</source>
        <translation>Basis-URLs: %1</translation>
    </message>
    <message>
        <source>Not listening.</source>
        <translation>Lauscht nicht.</translation>
    </message>
</context>
<context>
    <name>sy::RequestLogModel</name>
    <message>
        <source>Master key</source>
        <translation>Master-Schlüssel</translation>
    </message>
    <message>
        <source>Estimated: the backend reported no usage</source>
        <translation>Geschätzt: Das Backend hat keine Nutzung gemeldet</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>Tokens ein / aus</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>sy::RequestLogPage</name>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation>Client-Fehler (4xx)</translation>
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation>Server-Fehler (5xx)</translation>
    </message>
    <message>
        <source>All keys</source>
        <translation>Alle Schlüssel</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>%1 of the last %2 requests</source>
        <translation>%1 der letzten %2 Anfragen</translation>
    </message>
</context>
<context>
    <name>sy::ServerTableModel</name>
    <message>
        <source>Log: %1</source>
        <translation>Protokoll: %1</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
<context>
    <name>sy::ServersPage</name>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Open Log</source>
        <translation>Protokoll öffnen</translation>
    </message>
    <message>
        <source>Switchyard can start and stop local model servers for you once they are configured as managed servers.</source>
        <translation>Switchyard kann lokale Modellserver für Sie starten und stoppen, sobald sie als verwaltete Server konfiguriert sind.</translation>
    </message>
    <message>
        <source>No managed servers in the config.</source>
        <translation>Keine verwalteten Server in der Konfiguration.</translation>
    </message>
    <message>
        <source>Local model servers Switchyard runs for you.</source>
        <translation>Lokale Modellserver, die Switchyard für Sie betreibt.</translation>
    </message>
</context>
<context>
    <name>sy::SettingsPage</name>
    <message>
        <source>Store it in the keychain, not in the file</source>
        <translation>Im Schlüsselbund speichern, nicht in der Datei</translation>
    </message>
    <message>
        <source>Save to Config File</source>
        <translation>In Konfigurationsdatei speichern</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Or type one of this computer&apos;s IP addresses.</source>
        <translation>Oder geben Sie eine IP-Adresse dieses Computers ein.</translation>
    </message>
    <message>
        <source>Bind address:</source>
        <translation>Bind-Adresse:</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>Master key:</source>
        <translation>Master-Schlüssel:</translation>
    </message>
    <message>
        <source>No keychain is available: the key is written into the config file.</source>
        <translation>Kein Schlüsselbund verfügbar: Der Schlüssel wird in die Konfigurationsdatei geschrieben.</translation>
    </message>
    <message>
        <source>Config file</source>
        <translation>Konfigurationsdatei</translation>
    </message>
    <message>
        <source>Switchyard reloads the file whenever it changes: models, keys and limits apply without a restart. Requests under way finish with the settings they started with.</source>
        <translation>Switchyard lädt die Datei bei jeder Änderung neu: Modelle, Schlüssel und Limits gelten ohne Neustart. Laufende Anfragen werden mit den Einstellungen beendet, mit denen sie begonnen haben.</translation>
    </message>
    <message>
        <source>Open in Editor</source>
        <translation>Im Editor öffnen</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>Cannot read the config file: %1</source>
        <translation>Die Konfigurationsdatei kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No master key: only this computer can use the gateway.</source>
        <translation>Kein Master-Schlüssel: Nur dieser Computer kann das Gateway nutzen.</translation>
    </message>
    <message>
        <source>Now read from %1.</source>
        <translation>Wird jetzt aus %1 gelesen.</translation>
    </message>
    <message>
        <source>Now written in the file in plain text.</source>
        <translation>Steht jetzt im Klartext in der Datei.</translation>
    </message>
    <message>
        <source>The bind address must be localhost, 0.0.0.0, :: or an IP address of this computer.</source>
        <translation>Die Bind-Adresse muss localhost, 0.0.0.0, :: oder eine IP-Adresse dieses Computers sein.</translation>
    </message>
    <message>
        <source>Listening beyond this computer needs a master key: anyone on the network could use your backends. Set one first.</source>
        <translation>Um über diesen Computer hinaus zu lauschen, ist ein Master-Schlüssel nötig: Sonst könnte jeder im Netzwerk Ihre Backends nutzen. Legen Sie zuerst einen fest.</translation>
    </message>
    <message>
        <source>Storing the master key in the keychain…</source>
        <translation>Master-Schlüssel wird im Schlüsselbund gespeichert …</translation>
    </message>
    <message>
        <source>The keychain refused the key (%1). Nothing was changed.</source>
        <translation>Der Schlüsselbund hat den Schlüssel abgelehnt (%1). Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saved. Switchyard applies the change as it reloads the file.</source>
        <translation>Gespeichert. Switchyard übernimmt die Änderung beim Neuladen der Datei.</translation>
    </message>
    <message>
        <source>This computer only.</source>
        <translation>Nur dieser Computer.</translation>
    </message>
    <message>
        <source>Every network this computer is on: the LAN and Tailscale. Needs a master key.</source>
        <translation>Jedes Netzwerk, in dem dieser Computer ist: LAN und Tailscale. Braucht einen Master-Schlüssel.</translation>
    </message>
    <message>
        <source>Only this address. Needs a master key.</source>
        <translation>Nur diese Adresse. Braucht einen Master-Schlüssel.</translation>
    </message>
    <message>
        <source>Not an IP address.</source>
        <translation>Keine IP-Adresse.</translation>
    </message>
    <message>
        <source>No application opens %1; open it in your editor.</source>
        <translation>Keine Anwendung öffnet %1; öffnen Sie die Datei in Ihrem Editor.</translation>
    </message>
</context>
<context>
    <name>sy::TrayController</name>
    <message>
        <source>Switchyard: starting</source>
        <translation>Switchyard: startet</translation>
    </message>
    <message>
        <source>Switchyard: serving on %1</source>
        <translation>Switchyard: aktiv unter %1</translation>
    </message>
    <message>
        <source>Switchyard: degraded (%1)</source>
        <translation>Switchyard: beeinträchtigt (%1)</translation>
    </message>
    <message>
        <source>Switchyard: stopped</source>
        <translation>Switchyard: gestoppt</translation>
    </message>
    <message>
        <source>Switchyard: error</source>
        <translation>Switchyard: Fehler</translation>
    </message>
    <message>
        <source>Launch at Login</source>
        <translation>Bei Anmeldung starten</translation>
    </message>
    <message>
        <source>Switchyard</source>
        <translation>Switchyard</translation>
    </message>
    <message>
        <source>Config reloaded.</source>
        <translation>Konfiguration neu geladen.</translation>
    </message>
    <message>
        <source>Config not reloaded</source>
        <translation>Konfiguration nicht neu geladen</translation>
    </message>
    <message>
        <source>The previous config keeps serving.
%1</source>
        <translation>Die bisherige Konfiguration bleibt aktiv.
%1</translation>
    </message>
    <message>
        <source>No config found: wrote a default one to %1. It serves the models of LM Studio, Ollama, llama.cpp and vLLM running on this machine.</source>
        <translation>Keine Konfiguration gefunden: Eine Standardkonfiguration wurde nach %1 geschrieben. Sie stellt die Modelle von LM Studio, Ollama, llama.cpp und vLLM auf diesem Computer bereit.</translation>
    </message>
</context>
<context>
    <name>sy::TrayMenu</name>
    <message>
        <source>Gateway On</source>
        <translation>Gateway an</translation>
    </message>
    <message>
        <source>LAN access needs gateway.host 0.0.0.0 and a master key (Dashboard › Settings)</source>
        <translation>LAN-Zugriff braucht gateway.host 0.0.0.0 und einen Master-Schlüssel (Dashboard › Einstellungen)</translation>
    </message>
    <message>
        <source>Backends</source>
        <translation>Backends</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Open Dashboard…</source>
        <translation>Dashboard öffnen …</translation>
    </message>
    <message>
        <source>Reload Config</source>
        <translation>Konfiguration neu laden</translation>
    </message>
    <message>
        <source>Launch at Login</source>
        <translation>Bei Anmeldung starten</translation>
    </message>
    <message>
        <source>Quit Switchyard</source>
        <translation>Switchyard beenden</translation>
    </message>
    <message>
        <source>Switchyard is starting…</source>
        <translation>Switchyard startet …</translation>
    </message>
    <message>
        <source>Switchyard is serving</source>
        <translation>Switchyard ist aktiv</translation>
    </message>
    <message>
        <source>Degraded: %1</source>
        <translation>Beeinträchtigt: %1</translation>
    </message>
    <message>
        <source>Switchyard is stopped</source>
        <translation>Switchyard ist gestoppt</translation>
    </message>
    <message>
        <source>Cannot serve: %1</source>
        <translation>Kann nicht bereitstellen: %1</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>Lauscht nicht</translation>
    </message>
    <message>
        <source>Listening on localhost, port %1</source>
        <translation>Lauscht auf localhost, Port %1</translation>
    </message>
    <message>
        <source>Listening on all interfaces, port %1</source>
        <translation>Lauscht auf allen Schnittstellen, Port %1</translation>
    </message>
    <message>
        <source>Listening on %1, port %2</source>
        <translation>Lauscht auf %1, Port %2</translation>
    </message>
    <message>
        <source>Copy Base URL: localhost</source>
        <translation>Basis-URL kopieren: localhost</translation>
    </message>
    <message>
        <source>Copy Base URL: Tailscale (%1)</source>
        <translation>Basis-URL kopieren: Tailscale (%1)</translation>
    </message>
    <message>
        <source>Copy Base URL: LAN (%1)</source>
        <translation>Basis-URL kopieren: LAN (%1)</translation>
    </message>
    <message>
        <source>No backends yet: is a model server running?</source>
        <translation>Noch keine Backends: Läuft ein Modellserver?</translation>
    </message>
    <message>
        <source>No backends</source>
        <translation>Keine Backends</translation>
    </message>
    <message>
        <source>%1 on %2: %3, %4 in flight</source>
        <translation>%1 auf %2: %3, %4 in Bearbeitung</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>%1 more in the dashboard…</source>
        <translation>%1 weitere im Dashboard …</translation>
    </message>
    <message>
        <source>%1 (port %2): %3</source>
        <translation>%1 (Port %2): %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
</context>
<context>
    <name>sy::UsagePage</name>
    <message>
        <source>Totals from the key store, plus this session&apos;s requests as they finish.</source>
        <translation>Summen aus dem Schlüsselspeicher, dazu die Anfragen dieser Sitzung, sobald sie abgeschlossen sind.</translation>
    </message>
    <message>
        <source>Counted from this session&apos;s requests. Spend, limits and budgets per key appear once virtual keys are set up.</source>
        <translation>Aus den Anfragen dieser Sitzung gezählt. Kosten, Limits und Budgets pro Schlüssel erscheinen, sobald virtuelle Schlüssel eingerichtet sind.</translation>
    </message>
</context>
</TS>
