#include "gateway/storage/DatabaseLocation.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sy {

QString DatabaseLocation::defaultSqlitePath(const QString& dataDir)
{
    return QDir(dataDir).filePath(u"switchyard.db"_s);
}

DatabaseLocation DatabaseLocation::resolve(const StorageSettings& settings, QString* error)
{
    if (!settings.databaseUrl.trimmed().isEmpty())
        return parseUrl(settings.databaseUrl.trimmed(), error);
    DatabaseLocation out;
    if (!settings.dataDir.isEmpty()) {
        out.kind = Kind::Sqlite;
        out.sqlitePath = defaultSqlitePath(settings.dataDir);
    }
    return out;
}

DatabaseLocation DatabaseLocation::parseUrl(const QString& url, QString* error)
{
    DatabaseLocation out;
    auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        return DatabaseLocation();
    };
    if (url.startsWith(u"sqlite:"_s, Qt::CaseInsensitive)) {
        QString path = url.mid(7);
        if (path.startsWith(u"//"_s))
            path = path.mid(2); // sqlite:///abs/file.db → /abs/file.db
        if (path.isEmpty())
            return fail(u"database_url: no file after sqlite://"_s);
        out.kind = Kind::Sqlite;
        out.sqlitePath = QUrl::fromPercentEncoding(path.toUtf8());
        return out;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (scheme != u"postgres" && scheme != u"postgresql") {
        // Say what the user wrote (its password masked), so a typo is plain to see.
        QString shown = url;
        if (parsed.isValid() && !parsed.password().isEmpty()) {
            QUrl masked = parsed;
            masked.setPassword(u"****"_s);
            shown = masked.toString();
        }
        return fail(u"database_url: expected postgresql://user:password@host:port/dbname or sqlite:///path/file.db, "
                    u"got \"%1\""_s.arg(shown));
    }
    out.kind = Kind::Postgres;
    out.host = parsed.host(QUrl::FullyDecoded);
    out.port = parsed.port(5432);
    out.user = parsed.userName(QUrl::FullyDecoded);
    out.password = parsed.password(QUrl::FullyDecoded);
    out.database = parsed.path(QUrl::FullyDecoded).mid(1);
    if (out.database.isEmpty())
        out.database = out.user.isEmpty() ? u"postgres"_s : out.user;
    QStringList options;
    const QUrlQuery query(parsed);
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (name == u"host")
            out.host = value; // postgresql:///db?host=/var/run/postgresql (a socket directory)
        else if (name == u"port")
            out.port = value.toInt();
        else if (name == u"user")
            out.user = value;
        else if (name == u"password")
            out.password = value;
        else
            options.append(name + u'=' + value);
    }
    if (!query.hasQueryItem(u"connect_timeout"_s))
        options.append(u"connect_timeout=5"_s);
    out.connectOptions = options.join(u';');
    if (error)
        error->clear();
    return out;
}

QString DatabaseLocation::display() const
{
    switch (kind) {
    case Kind::None:
        return u"(none)"_s;
    case Kind::Sqlite:
        return sqlitePath;
    case Kind::Postgres:
        return u"postgresql://%1%2:%3/%4"_s
            .arg(user.isEmpty() ? QString() : user + u'@', host.isEmpty() ? u"localhost"_s : host)
            .arg(port)
            .arg(database);
    }
    return {};
}

} // namespace sy
