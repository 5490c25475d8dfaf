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
    <message>
        <source>Since Switchyard started; the counters above and the charts cover the last hour, restarts included</source>
        <translation>Seit dem Start von Switchyard; die Zähler darüber und die Diagramme umfassen die letzte Stunde, auch über Neustarts</translation>
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
        <source>Errors, last minute (%)</source>
        <translation>Fehler, letzte Minute (%)</translation>
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation>Client-Fehler (4xx)</translation>
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation>Server-Fehler (5xx)</translation>
    </message>
</context>
<context>
    <name>sy::DailyUsageModel</name>
    <message>
        <source>(no model)</source>
        <translation>(kein Modell)</translation>
    </message>
    <message>
        <source>Day (UTC)</source>
        <translation>Tag (UTC)</translation>
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
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Tokens in</source>
        <translation>Tokens ein</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>Tokens aus</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Kosten</translation>
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
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Try It</source>
        <translation>Testen</translation>
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
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>free</source>
        <translation>kostenlos</translation>
    </message>
    <message>
        <source>%1 / 1M</source>
        <translation>%1 / 1 Mio.</translation>
    </message>
</context>
<context>
    <name>sy::GatewayMonitor</name>
    <message>
        <source>%1% of requests failed in the last minute</source>
        <translation>%1 % der Anfragen sind in der letzten Minute fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 not answering</source>
        <translation>%1 antwortet nicht</translation>
    </message>
    <message>
        <source>%1 cooling down after errors</source>
        <translation>%1 pausiert nach Fehlern</translation>
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
        <source>%1 (revoked)</source>
        <translation>%1 (widerrufen)</translation>
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
    <message>
        <source>%1 of %2 per day</source>
        <translation>%1 von %2 pro Tag</translation>
    </message>
    <message>
        <source>%1 of %2 per week</source>
        <translation>%1 von %2 pro Woche</translation>
    </message>
    <message>
        <source>%1 of %2 per month</source>
        <translation>%1 von %2 pro Monat</translation>
    </message>
    <message>
        <source>%1 of %2 in total</source>
        <translation>%1 von %2 insgesamt</translation>
    </message>
    <message>
        <source>%1 of %2 per %3</source>
        <translation>%1 von %2 pro %3</translation>
    </message>
    <message>
        <source>Requests with the master key, or with no key while none is required.</source>
        <translation>Anfragen mit dem Master-Schlüssel oder ohne Schlüssel, solange keiner nötig ist.</translation>
    </message>
    <message>
        <source>A key the key store no longer lists (deleted); its requests stay in the usage log.</source>
        <translation>Ein Schlüssel, den die Schlüsselverwaltung nicht mehr führt (gelöscht); seine Anfragen bleiben im Nutzungsprotokoll.</translation>
    </message>
    <message>
        <source>All time, as the usage log counts it (GET /spend/logs)</source>
        <translation>Gesamt, wie das Nutzungsprotokoll zählt (GET /spend/logs)</translation>
    </message>
    <message>
        <source>The current budget period, as GET /key/info reports it</source>
        <translation>Der laufende Budgetzeitraum, wie GET /key/info ihn meldet</translation>
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
    <name>sy::ModelGroupsModel</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>1 deployment</source>
        <translation>1 Deployment</translation>
    </message>
    <message>
        <source>%1 deployments</source>
        <translation>%1 Deployments</translation>
    </message>
    <message>
        <source>%1, 1 retry</source>
        <translation>%1, 1 Wiederholung</translation>
    </message>
    <message>
        <source>%1, %2 retries</source>
        <translation>%1, %2 Wiederholungen</translation>
    </message>
    <message>
        <source>then %1</source>
        <translation>dann %1</translation>
    </message>
    <message>
        <source>Also asked for as: %1</source>
        <translation>Auch angefragt als: %1</translation>
    </message>
    <message>
        <source>%1
%2 (%3), order %4, weight %5</source>
        <translation>%1
%2 (%3), Reihenfolge %4, Gewicht %5</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>bis %1</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
    <message>
        <source>Requests started in the last minute, of the deployment&apos;s rpm limit</source>
        <translation>In der letzten Minute begonnene Anfragen, vom rpm-Limit des Deployments</translation>
    </message>
    <message>
        <source>Tokens of calls finished in the last minute, of the deployment&apos;s tpm limit</source>
        <translation>Tokens der in der letzten Minute beendeten Aufrufe, vom tpm-Limit des Deployments</translation>
    </message>
    <message>
        <source>Input · output, USD per million tokens</source>
        <translation>Eingabe · Ausgabe, USD pro Million Tokens</translation>
    </message>
    <message>
        <source>Context window (model_info.max_input_tokens)</source>
        <translation>Kontextfenster (model_info.max_input_tokens)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>RPM</source>
        <translation>RPM</translation>
    </message>
    <message>
        <source>TPM</source>
        <translation>TPM</translation>
    </message>
    <message>
        <source>Price in · out</source>
        <translation>Preis ein · aus</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Health checked</source>
        <translation>Geprüft</translation>
    </message>
</context>
<context>
    <name>sy::ModelsPage</name>
    <message>
        <source>Check Now</source>
        <translation>Jetzt prüfen</translation>
    </message>
    <message>
        <source>What clients can ask for, and where each request may go.</source>
        <translation>Was Clients anfragen können und wohin jede Anfrage gehen kann.</translation>
    </message>
    <message>
        <source>Run the health check of the chosen model&apos;s servers now (all, if none is chosen)</source>
        <translation>Die Zustandsprüfung der Server des gewählten Modells jetzt ausführen (alle, wenn keins gewählt ist)</translation>
    </message>
    <message>
        <source>Checking every server…</source>
        <translation>Alle Server werden geprüft…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
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
        <source>In flight</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
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
    <message>
        <source>Requests, last hour</source>
        <translation>Anfragen, letzte Stunde</translation>
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
        <source>Tokens in / out, last hour</source>
        <translation>Tokens ein / aus, letzte Stunde</translation>
    </message>
</context>
<context>
    <name>sy::RequestDetailView</name>
    <message>
        <source>no backend (refused or failed before one was tried)</source>
        <translation>kein Backend (abgelehnt oder gescheitert, bevor eines versucht wurde)</translation>
    </message>
    <message>
        <source>%1 at %2 (%3; deployment %4)</source>
        <translation>%1 unter %2 (%3; Deployment %4)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 (retries: %2, fallbacks: %3)</source>
        <translation>%1 (Wiederholungen: %2, Ausweichmodelle: %3)</translation>
    </message>
    <message>
        <source>%1 in, %2 out</source>
        <translation>%1 ein, %2 aus</translation>
    </message>
    <message>
        <source> (estimated: the backend reported no usage)</source>
        <translation> (geschätzt: das Backend meldete keine Nutzung)</translation>
    </message>
    <message>
        <source>Click a request to see all about it.</source>
        <translation>Eine Anfrage anklicken, um alles über sie zu sehen.</translation>
    </message>
    <message>
        <source>Request id</source>
        <translation>Anfrage-ID</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Model asked for</source>
        <translation>Angefragtes Modell</translation>
    </message>
    <message>
        <source>Served by</source>
        <translation>Beantwortet von</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>%1 dialect, %2, %3</source>
        <translation>Dialekt %1, %2, %3</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>streamed</source>
        <translation>gestreamt</translation>
    </message>
    <message>
        <source>not streamed</source>
        <translation>nicht gestreamt</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Zeit bis zum ersten Token</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>%1 in all, %2 at the backend</source>
        <translation>%1 insgesamt, %2 im Backend</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Guardrails</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>%1 received, %2 sent</source>
        <translation>%1 empfangen, %2 gesendet</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
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
        <source>Search model, key, backend, error, request id…</source>
        <translation>Modell, Schlüssel, Backend, Fehler, Anfrage-ID suchen…</translation>
    </message>
    <message>
        <source>Hold new requests back, so rows stay where they are</source>
        <translation>Neue Anfragen zurückhalten, damit die Zeilen stehen bleiben</translation>
    </message>
    <message>
        <source>%1 of %2 requests match</source>
        <translation>%1 von %2 Anfragen passen</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 Anfragen</translation>
    </message>
    <message>
        <source>The log keeps the newest %1 requests.</source>
        <translation>Das Protokoll behält die neuesten %1 Anfragen.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Resume (%1 new)</source>
        <translation>Fortsetzen (%1 neu)</translation>
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
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
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
    <message>
        <source>Log:</source>
        <translation>Protokoll:</translation>
    </message>
    <message>
        <source>Nothing logged yet.</source>
        <translation>Noch nichts protokolliert.</translation>
    </message>
    <message>
        <source>Choose a server to see its command line and log.</source>
        <translation>Einen Server wählen, um Befehlszeile und Protokoll zu sehen.</translation>
    </message>
    <message>
        <source>not started yet</source>
        <translation>noch nicht gestartet</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2), %3 · Command: &lt;tt&gt;%4&lt;/tt&gt;&lt;br&gt;Log file: %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2), %3 · Befehl: &lt;tt&gt;%4&lt;/tt&gt;&lt;br&gt;Protokolldatei: %5</translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation>%1 geöffnet.</translation>
    </message>
    <message>
        <source>No application opens log files here; the log is %1.</source>
        <translation>Kein Programm öffnet hier Protokolldateien; das Protokoll liegt unter %1.</translation>
    </message>
</context>
<context>
    <name>sy::SettingsPage</name>
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
    <message>
        <source>Store the new key in the keychain, not in the file</source>
        <translation>Neuen Schlüssel im Schlüsselbund speichern, nicht in der Datei</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>beliebiger freier Port</translation>
    </message>
    <message>
        <source>Now written in the file in plain text. Type a new one to keep it in the keychain instead.</source>
        <translation>Steht jetzt im Klartext in der Datei. Einen neuen eingeben, um ihn stattdessen im Schlüsselbund zu halten.</translation>
    </message>
</context>
<context>
    <name>sy::TableFit</name>
    <message>
        <source>Fit Columns to Content</source>
        <translation>Spalten an Inhalt anpassen</translation>
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
    <name>sy::TryPage</name>
    <message>
        <source>Stream</source>
        <translation>Streamen</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>The master key or a virtual key (sk-…); empty when none is needed</source>
        <translation>Master-Schlüssel oder virtueller Schlüssel (sk-…); leer, wenn keiner nötig ist</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source>Say hello in five words.</source>
        <translation>Sag hallo in fünf Wörtern.</translation>
    </message>
    <message>
        <source>The answer appears here as it streams.</source>
        <translation>Die Antwort erscheint hier, während sie gestreamt wird.</translation>
    </message>
    <message>
        <source>How it was served</source>
        <translation>Wie sie beantwortet wurde</translation>
    </message>
    <message>
        <source>The gateway is not listening.</source>
        <translation>Das Gateway lauscht nicht.</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>Warten auf das erste Token…</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>First token after %1</source>
        <translation>Erstes Token nach %1</translation>
    </message>
    <message>
        <source>%1 in all</source>
        <translation>%1 insgesamt</translation>
    </message>
    <message>
        <source>First token after %1, %2</source>
        <translation>Erstes Token nach %1, %2</translation>
    </message>
</context>
<context>
    <name>sy::UsageHistoryPanel</name>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>to:</source>
        <translation>bis:</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
    <message>
        <source>Per key</source>
        <translation>Pro Schlüssel</translation>
    </message>
    <message>
        <source>Per model</source>
        <translation>Pro Modell</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Kosten</translation>
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
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Needs the gateway&apos;s usage log.</source>
        <translation>Braucht das Nutzungsprotokoll des Gateways.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>1 Zeile</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 Zeilen</translation>
    </message>
    <message>
        <source>Others</source>
        <translation>Andere</translation>
    </message>
    <message>
        <source>Spend per day (USD)</source>
        <translation>Kosten pro Tag (USD)</translation>
    </message>
    <message>
        <source>Requests per day</source>
        <translation>Anfragen pro Tag</translation>
    </message>
    <message>
        <source>Tokens per day</source>
        <translation>Tokens pro Tag</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Export Usage</source>
        <translation>Nutzung exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
</context>
<context>
    <name>sy::UsagePage</name>
    <message>
        <source>Per key, all time</source>
        <translation>Pro Schlüssel, gesamt</translation>
    </message>
    <message>
        <source>As the usage log counts them (GET /spend/logs); budgets as GET /key/info reports them. Live, and the same after a restart.</source>
        <translation>Wie das Nutzungsprotokoll sie zählt (GET /spend/logs); Budgets wie GET /key/info sie meldet. Live und nach einem Neustart gleich.</translation>
    </message>
    <message>
        <source>As the usage log counts them. Limits and budgets per key appear once virtual keys are set up.</source>
        <translation>Wie das Nutzungsprotokoll sie zählt. Limits und Budgets pro Schlüssel erscheinen, sobald virtuelle Schlüssel eingerichtet sind.</translation>
    </message>
    <message>
        <source>Over time</source>
        <translation>Im Zeitverlauf</translation>
    </message>
</context>
</TS>
