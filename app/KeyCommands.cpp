#include "app/CliCommands.h"
#include "app/ConfigSource.h"
#include "gateway/keys/ApiKeys.h"
#include "gateway/keys/KeyChanges.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/KeyRepository.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace sy::CliCommands {

namespace {

void print(FILE* out, const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), out);
}

const QString kUsage = u"usage: switchyard key create [--alias NAME] [--models a,b] [--max-budget USD]\n"
                       u"                             [--budget-duration 30d] [--rpm N] [--tpm N]\n"
                       u"                             [--max-parallel N] [--duration 30d] [--metadata JSON]\n"
                       u"       switchyard key list [--json]\n"
                       u"       switchyard key revoke KEY|TOKEN|ALIAS\n"
                       u"options for all: --config FILE (the database it names), --database URL (this database)\n"_s;

int usage(const QString& problem = {})
{
    if (!problem.isEmpty())
        print(stderr, u"switchyard key: %1\n"_s.arg(problem));
    print(stderr, kUsage);
    return 2;
}

/** The database the config names, else the default SQLite file in the data dir. */
std::optional<DatabaseLocation> locate(const QCommandLineParser& parser, const CommandLine& commandLine)
{
    StorageSettings storage;
    if (parser.isSet(u"database"_s)) {
        storage.databaseUrl = parser.value(u"database"_s);
    } else {
        CommandLine withConfig = commandLine;
        if (parser.isSet(u"config"_s))
            withConfig.configFile = parser.value(u"config"_s);
        const ConfigSource source(withConfig);
        if (source.exists()) {
            const ConfigLoadResult loaded = source.load();
            if (!loaded.ok()) {
                print(stderr, loaded.errorText() + u"\nswitchyard key: cannot read %1\n"_s.arg(source.path()));
                return std::nullopt;
            }
            storage = loaded.config->storage;
        } else if (!withConfig.configFile.isEmpty()) {
            print(stderr, u"switchyard key: no config file at %1\n"_s.arg(source.path()));
            return std::nullopt;
        }
    }
    ConfigSource::applyStorageDefaults(storage);
    QString error;
    const DatabaseLocation location = DatabaseLocation::resolve(storage, &error);
    if (location.kind == DatabaseLocation::Kind::None) {
        print(stderr, u"switchyard key: %1\n"_s.arg(error.isEmpty() ? u"no database"_s : error));
        return std::nullopt;
    }
    return location;
}

bool open(Database& db, const std::optional<DatabaseLocation>& location)
{
    if (!location)
        return false;
    QString error;
    if (!db.open(*location, &error)) {
        print(stderr, u"switchyard key: %1\n"_s.arg(error));
        return false;
    }
    return true;
}

// The options of `key create`, as the JSON body /key/generate takes: one validation for both.
QJsonObject createRequest(const QCommandLineParser& parser, QString* problem)
{
    QJsonObject body;
    auto number = [&](const QString& option, const QString& field) {
        if (!parser.isSet(option))
            return;
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (!ok)
            *problem = u"--%1 expects a number, got \"%2\""_s.arg(option, parser.value(option));
        body[field] = value;
    };
    if (parser.isSet(u"alias"_s))
        body[u"key_alias"_s] = parser.value(u"alias"_s);
    if (parser.isSet(u"models"_s)) {
        QStringList models = parser.value(u"models"_s).split(u',', Qt::SkipEmptyParts);
        for (QString& m : models)
            m = m.trimmed();
        body[u"models"_s] = QJsonArray::fromStringList(models);
    }
    number(u"max-budget"_s, u"max_budget"_s);
    number(u"rpm"_s, u"rpm_limit"_s);
    number(u"tpm"_s, u"tpm_limit"_s);
    number(u"max-parallel"_s, u"max_parallel_requests"_s);
    if (parser.isSet(u"budget-duration"_s))
        body[u"budget_duration"_s] = parser.value(u"budget-duration"_s);
    if (parser.isSet(u"duration"_s))
        body[u"duration"_s] = parser.value(u"duration"_s);
    if (parser.isSet(u"metadata"_s)) {
        const QJsonDocument doc = QJsonDocument::fromJson(parser.value(u"metadata"_s).toUtf8());
        if (!doc.isObject())
            *problem = u"--metadata expects a JSON object, e.g. '{\"team\":\"web\"}'"_s;
        body[u"metadata"_s] = doc.object();
    }
    return body;
}

int create(const QCommandLineParser& parser, const CommandLine& commandLine)
{
    QString problem;
    const QJsonObject body = createRequest(parser, &problem);
    if (!problem.isEmpty())
        return usage(problem);
    const std::optional<KeyChanges> changes = KeyChanges::fromJson(body, false, &problem, nullptr);
    if (!changes)
        return usage(problem);
    Database db;
    if (!open(db, locate(parser, commandLine)))
        return 1;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString plaintext = ApiKeys::generate();
    VirtualKey key;
    key.token = ApiKeys::token(plaintext.toUtf8());
    key.keyName = ApiKeys::abbreviation(plaintext);
    key.createdAt = now;
    changes->applyTo(key, now);
    QString error;
    switch (KeyRepository::insert(db, key, &error)) {
    case KeyRepository::Outcome::Ok:
        break;
    case KeyRepository::Outcome::AliasTaken:
        print(stderr, u"switchyard key: the alias \"%1\" is already used by another key\n"_s.arg(key.alias));
        return 1;
    default:
        print(stderr, u"switchyard key: cannot store the key: %1\n"_s.arg(error));
        return 1;
    }
    print(stdout, plaintext + u'\n');
    print(stderr,
          u"created %1%2 in %3. This is the only time the key is shown: only its hash is stored.\n"
          u"A running gateway accepts it within two seconds.\n"_s.arg(
              key.keyName, key.alias.isEmpty() ? QString() : u" (\"%1\")"_s.arg(key.alias), db.location().display()));
    return 0;
}

QString limitText(const std::optional<qint64>& limit)
{
    return limit ? QString::number(*limit) : u"-"_s;
}

QString timeText(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(u"yyyy-MM-dd HH:mm"_s) : u"-"_s;
}

int list(const QCommandLineParser& parser, const CommandLine& commandLine)
{
    Database db;
    if (!open(db, locate(parser, commandLine)))
        return 1;
    QString error;
    const std::optional<QList<VirtualKey>> keys = KeyRepository::loadAll(db, &error);
    if (!keys) {
        print(stderr, u"switchyard key: cannot read the keys: %1\n"_s.arg(error));
        return 1;
    }
    if (parser.isSet(u"json"_s)) {
        QJsonArray out;
        for (const VirtualKey& k : *keys)
            out.append(k.toJson());
        print(stdout, QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
        return 0;
    }
    QString table;
    QTextStream t(&table);
    t << qSetFieldWidth(14) << Qt::left << u"KEY"_s << qSetFieldWidth(18) << u"ALIAS"_s << qSetFieldWidth(12)
      << u"SPEND"_s << u"BUDGET"_s << qSetFieldWidth(8) << u"RPM"_s << u"TPM"_s << u"PARALLEL"_s << qSetFieldWidth(18)
      << u"EXPIRES"_s << u"LAST USED"_s << qSetFieldWidth(0) << u"MODELS\n"_s;
    for (const VirtualKey& k : *keys) {
        QString budget = u"-"_s;
        if (k.maxBudget) {
            budget = QString::number(*k.maxBudget, 'f', 2);
            if (!k.budgetDuration.isEmpty())
                budget += u'/' + k.budgetDuration;
        }
        t << qSetFieldWidth(14) << k.keyName << qSetFieldWidth(18) << (k.alias.isEmpty() ? u"-"_s : k.alias)
          << qSetFieldWidth(12) << QString::number(k.spend, 'f', 4) << budget << qSetFieldWidth(8)
          << limitText(k.rpmLimit) << limitText(k.tpmLimit) << limitText(k.maxParallelRequests) << qSetFieldWidth(18)
          << (k.blocked ? u"blocked"_s : timeText(k.expires)) << timeText(k.lastUsedAt) << qSetFieldWidth(0)
          << (k.models.isEmpty() ? u"all"_s : k.models.join(u',')) << '\n';
    }
    t.flush();
    print(stdout, table);
    print(stderr, u"%1 key(s) in %2\n"_s.arg(keys->size()).arg(db.location().display()));
    return 0;
}

int revoke(const QCommandLineParser& parser, const CommandLine& commandLine)
{
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2)
        return usage(u"revoke needs one key, token or alias"_s);
    const QString which = args.at(1).trimmed();
    Database db;
    if (!open(db, locate(parser, commandLine)))
        return 1;
    QString error;
    const std::optional<QList<VirtualKey>> keys = KeyRepository::loadAll(db, &error);
    if (!keys) {
        print(stderr, u"switchyard key: cannot read the keys: %1\n"_s.arg(error));
        return 1;
    }
    const QString token = which.startsWith(u"sk-"_s) ? ApiKeys::token(which.toUtf8()) : which.toLower();
    QString found;
    for (const VirtualKey& k : *keys) {
        if (k.token == token || k.alias == which)
            found = k.token;
    }
    if (found.isEmpty()) {
        print(stderr,
              u"switchyard key: no key matches \"%1\"\n"_s.arg(which.startsWith(u"sk-"_s) ? ApiKeys::abbreviation(which)
                                                                                          : which));
        return 1;
    }
    if (KeyRepository::remove(db, {found}, &error) != KeyRepository::Outcome::Ok) {
        print(stderr, u"switchyard key: cannot revoke: %1\n"_s.arg(error));
        return 1;
    }
    print(stderr, u"revoked; a running gateway refuses the key within two seconds\n"_s);
    return 0;
}

} // namespace

int key(const QStringList& arguments, const CommandLine& commandLine)
{
    QCommandLineParser parser;
    parser.addOptions({
        {{u"c"_s, u"config"_s}, u"Config file naming the database."_s, u"file"_s},
        {u"database"_s, u"Database URL (postgresql://… or sqlite:///path)."_s, u"url"_s},
        {u"alias"_s, u"key_alias."_s, u"name"_s},
        {u"models"_s, u"Model groups the key may call, comma-separated."_s, u"list"_s},
        {u"max-budget"_s, u"Budget in USD."_s, u"usd"_s},
        {u"budget-duration"_s, u"Budget period, e.g. 30d."_s, u"duration"_s},
        {u"rpm"_s, u"Requests per minute."_s, u"n"_s},
        {u"tpm"_s, u"Tokens per minute."_s, u"n"_s},
        {u"max-parallel"_s, u"Requests at once."_s, u"n"_s},
        {u"duration"_s, u"Lifetime, e.g. 30d."_s, u"duration"_s},
        {u"metadata"_s, u"JSON object."_s, u"json"_s},
        {u"json"_s, u"list: print LiteLLM's key objects as JSON."_s},
        {{u"h"_s, u"help"_s}, u"This help."_s},
    });
    QStringList args = arguments; // "key", action, …
    args.prepend(u"switchyard"_s);
    if (!parser.parse(args))
        return usage(parser.errorText());
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(1);
    if (parser.isSet(u"help"_s)) {
        print(stdout, kUsage);
        return 0;
    }
    if (action == u"create" && positional.size() == 2)
        return create(parser, commandLine);
    if (action == u"list" && positional.size() == 2)
        return list(parser, commandLine);
    if (action == u"revoke")
        return revoke(parser, commandLine);
    return usage(action.isEmpty() ? QString() : u"unknown key command \"%1\""_s.arg(positional.join(u' ')));
}

} // namespace sy::CliCommands
