#pragma once

#include "gateway/core/GatewaySettings.h"

#include <QString>

namespace sy {

/**
 * Where the key and usage database is, from general_settings.database_url: a SQLite file
 * (the default, in the app data dir, or `sqlite:///path/to/file.db`) or a PostgreSQL server
 * (`postgresql://user:password@host:5432/dbname?sslmode=require`, as LiteLLM takes it).
 */
struct DatabaseLocation
{
    enum class Kind
    {
        None, ///< nowhere: nothing is stored
        Sqlite,
        Postgres,
    };

    Kind kind = Kind::None;
    QString sqlitePath;
    QString host; ///< empty: the local Unix socket
    int port = 5432;
    QString database;
    QString user;
    QString password;
    QString connectOptions; ///< QPSQL's "name=value;name=value" (sslmode, connect_timeout, …)

    /** The default SQLite file under @p dataDir. */
    static QString defaultSqlitePath(const QString& dataDir);
    /** Resolves @p settings; on a malformed URL returns Kind::None and sets @p error. */
    static DatabaseLocation resolve(const StorageSettings& settings, QString* error = nullptr);
    /** Parses a database_url alone; empty @p error on success. */
    static DatabaseLocation parseUrl(const QString& url, QString* error);

    /** For logs and messages: the file, or postgresql://user@host:port/db (never the password). */
    QString display() const;
    bool isPostgres() const { return kind == Kind::Postgres; }
};

} // namespace sy
