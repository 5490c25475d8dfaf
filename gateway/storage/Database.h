#pragma once

#include "gateway/storage/DatabaseLocation.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace sy {

class SqliteStatement;

/**
 * One connection to the key and usage database, on the thread that opens it (QtSql
 * connections are per thread): the storage worker's in the gateway, the command line's in
 * `switchyard key …`. Opening applies the schema migrations, each in a transaction, under a
 * lock so two processes starting at once do not both migrate.
 *
 * SQLite runs in WAL mode with synchronous=NORMAL: a killed process loses no committed
 * transaction and never corrupts the file (only a power cut may lose the last commits).
 */
class Database
{
public:
    /** The schema version this build writes; older databases are migrated up on open. */
    static constexpr int kSchemaVersion = 3;

    Database();
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    /** Opens (creating the SQLite file and its directory if needed) and migrates. */
    bool open(const DatabaseLocation& location, QString* error);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    /** Reopens a PostgreSQL connection the server dropped; true if open afterwards. */
    bool reconnect(QString* error);

    QSqlDatabase& sql() { return m_db; }
    const DatabaseLocation& location() const { return m_location; }
    bool isPostgres() const { return m_location.isPostgres(); }
    int schemaVersion();

    /** Starts a write transaction (SQLite: BEGIN IMMEDIATE, so writers queue at once). */
    bool begin();
    bool commit();
    void rollback();

    /**
     * @p sql prepared for SQLite's C API on this connection, made on first use and kept until
     * the connection closes; nullptr on PostgreSQL, where SqliteStatement cannot be used, or
     * after setSqliteStatementsEnabled(false) (tests of the QSqlQuery path).
     */
    SqliteStatement* sqliteStatement(const QString& sql, QString* error);
    void setSqliteStatementsEnabled(bool enabled);

private:
    bool migrate(QString* error);
    bool exec(const QString& statement, QString* error);

    DatabaseLocation m_location;
    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<SqliteStatement>> m_statements; ///< finalized before m_db closes
    bool m_sqliteStatements = true;
};

} // namespace sy
