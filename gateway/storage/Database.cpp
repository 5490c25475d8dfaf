#include "gateway/storage/Database.h"

#include "gateway/storage/SqliteStatement.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStorage, "switchyard.storage", QtInfoMsg)

namespace sy {

namespace {

QAtomicInteger<int> g_connections;

struct Migration
{
    int version;
    QStringList statements;
};

// Timestamps are milliseconds since the epoch (UTC) in BIGINT columns, and money is DOUBLE
// PRECISION: the same SQL then means the same thing in SQLite and PostgreSQL.
QList<Migration> migrations()
{
    return {
        {1,
         {u"CREATE TABLE virtual_keys ("
          u" token TEXT PRIMARY KEY,"
          u" key_name TEXT NOT NULL,"
          u" key_alias TEXT,"
          u" models TEXT NOT NULL DEFAULT '[]',"
          u" max_budget DOUBLE PRECISION,"
          u" budget_duration TEXT,"
          u" budget_reset_at BIGINT,"
          u" spend DOUBLE PRECISION NOT NULL DEFAULT 0,"
          u" rpm_limit BIGINT,"
          u" tpm_limit BIGINT,"
          u" max_parallel_requests BIGINT,"
          u" expires_at BIGINT,"
          u" metadata TEXT NOT NULL DEFAULT '{}',"
          u" user_id TEXT,"
          u" team_id TEXT,"
          u" blocked INTEGER NOT NULL DEFAULT 0,"
          u" created_at BIGINT NOT NULL,"
          u" updated_at BIGINT NOT NULL,"
          u" last_used_at BIGINT)"_s,
          u"CREATE UNIQUE INDEX virtual_keys_alias ON virtual_keys (key_alias)"_s,
          u"CREATE TABLE request_log ("
          u" request_id TEXT PRIMARY KEY,"
          u" started_at BIGINT NOT NULL,"
          u" ended_at BIGINT NOT NULL,"
          u" api_key TEXT NOT NULL DEFAULT '',"
          u" key_alias TEXT,"
          u" model_group TEXT,"
          u" model TEXT,"
          u" model_id TEXT,"
          u" api_base TEXT,"
          u" provider TEXT,"
          u" call_type TEXT,"
          u" stream INTEGER NOT NULL DEFAULT 0,"
          u" status INTEGER NOT NULL,"
          u" error_code TEXT,"
          u" prompt_tokens BIGINT NOT NULL DEFAULT 0,"
          u" completion_tokens BIGINT NOT NULL DEFAULT 0,"
          u" tokens_estimated INTEGER NOT NULL DEFAULT 0,"
          u" cost DOUBLE PRECISION NOT NULL DEFAULT 0,"
          u" latency_ms BIGINT NOT NULL DEFAULT 0,"
          u" upstream_latency_ms BIGINT,"
          u" ttft_ms BIGINT,"
          u" bytes_in BIGINT NOT NULL DEFAULT 0,"
          u" bytes_out BIGINT NOT NULL DEFAULT 0,"
          u" client_ip TEXT)"_s,
          u"CREATE INDEX request_log_started ON request_log (started_at)"_s,
          u"CREATE INDEX request_log_key ON request_log (api_key, started_at)"_s}},
        // Issue #18: what the dashboard's request detail shows. Other features fill dialect, cache
        // and guardrail decisions; old rows keep NULL there (shown as unknown).
        {2,
         {u"ALTER TABLE request_log ADD COLUMN dialect TEXT"_s,
          u"ALTER TABLE request_log ADD COLUMN error_message TEXT"_s,
          u"ALTER TABLE request_log ADD COLUMN attempts INTEGER"_s,
          u"ALTER TABLE request_log ADD COLUMN retries INTEGER"_s,
          u"ALTER TABLE request_log ADD COLUMN fallbacks TEXT"_s,
          u"ALTER TABLE request_log ADD COLUMN cache_status TEXT"_s,
          u"ALTER TABLE request_log ADD COLUMN guardrail_decision TEXT"_s,
          u"CREATE INDEX request_log_ended ON request_log (ended_at)"_s}},
        // ---- Stored Responses API conversations (issue 13): previous_response_id, GET /v1/responses/{id}.
        // Each row holds the whole conversation its request sent (input) and the response object,
        // so continuing it is one read; items are indexed by id for item_reference. Rows expire
        // after gateway.responses_retention (ResponseRepository::purgeExpired). IF NOT EXISTS: a
        // database set back to an older version (as tests do) migrates again.
        {3,
         {u"CREATE TABLE IF NOT EXISTS stored_responses ("
          u" id TEXT PRIMARY KEY,"
          u" api_key TEXT NOT NULL DEFAULT '',"
          u" created_at BIGINT NOT NULL,"
          u" expires_at BIGINT NOT NULL,"
          u" model TEXT,"
          u" input TEXT NOT NULL,"
          u" response TEXT NOT NULL)"_s,
          u"CREATE INDEX IF NOT EXISTS stored_responses_expires ON stored_responses (expires_at)"_s,
          u"CREATE TABLE IF NOT EXISTS stored_response_items ("
          u" item_id TEXT NOT NULL,"
          u" response_id TEXT NOT NULL,"
          u" api_key TEXT NOT NULL DEFAULT '',"
          u" expires_at BIGINT NOT NULL,"
          u" item TEXT NOT NULL)"_s,
          u"CREATE INDEX IF NOT EXISTS stored_response_items_id ON stored_response_items (item_id)"_s,
          u"CREATE INDEX IF NOT EXISTS stored_response_items_response ON stored_response_items (response_id)"_s}},
        // ---- end of stored Responses conversations
    };
}

} // namespace

Database::Database()
    : m_connectionName(u"switchyard-db-%1"_s.arg(g_connections.fetchAndAddRelaxed(1)))
{ }

Database::~Database()
{
    close();
}

void Database::close()
{
    m_statements.clear(); // SQLite refuses to close a connection with statements left
    if (!m_db.isValid())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

SqliteStatement* Database::sqliteStatement(const QString& sql, QString* error)
{
    if (!m_sqliteStatements || isPostgres())
        return nullptr;
    if (const auto it = m_statements.constFind(sql); it != m_statements.constEnd())
        return it->get();
    std::shared_ptr<SqliteStatement> statement = SqliteStatement::prepare(m_db, sql, error);
    if (!statement)
        return nullptr;
    return m_statements.insert(sql, std::move(statement))->get();
}

void Database::setSqliteStatementsEnabled(bool enabled)
{
    m_sqliteStatements = enabled;
    if (!enabled)
        m_statements.clear();
}

bool Database::exec(const QString& statement, QString* error)
{
    QSqlQuery query(m_db);
    if (query.exec(statement))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

bool Database::open(const DatabaseLocation& location, QString* error)
{
    close();
    m_location = location;
    if (location.kind == DatabaseLocation::Kind::None) {
        *error = u"no database configured"_s;
        return false;
    }
    const QString driver = location.isPostgres() ? u"QPSQL"_s : u"QSQLITE"_s;
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        *error = u"the Qt SQL driver %1 is not installed (Debian: %2)"_s.arg(
            driver, location.isPostgres() ? u"libqt6sql6-psql"_s : u"libqt6sql6-sqlite"_s);
        return false;
    }
    m_db = QSqlDatabase::addDatabase(driver, m_connectionName);
    if (location.isPostgres()) {
        m_db.setHostName(location.host);
        m_db.setPort(location.port);
        m_db.setDatabaseName(location.database);
        m_db.setUserName(location.user);
        m_db.setPassword(location.password);
        m_db.setConnectOptions(location.connectOptions);
    } else {
        const QFileInfo file(location.sqlitePath);
        if (!QDir().mkpath(file.absolutePath())) {
            *error = u"cannot create the directory %1"_s.arg(file.absolutePath());
            return false;
        }
        m_db.setDatabaseName(file.absoluteFilePath());
        m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    }
    if (!m_db.open()) {
        *error = u"cannot open %1: %2"_s.arg(location.display(), m_db.lastError().text());
        return false;
    }
    if (!location.isPostgres()) {
        QString pragmaError;
        if (!exec(u"PRAGMA journal_mode=WAL"_s, &pragmaError) || !exec(u"PRAGMA synchronous=NORMAL"_s, &pragmaError)) {
            *error = u"cannot set up %1: %2"_s.arg(location.display(), pragmaError);
            return false;
        }
    }
    return migrate(error);
}

bool Database::reconnect(QString* error)
{
    if (!m_db.isValid())
        return false;
    m_db.close();
    if (!m_db.open()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    return true;
}

bool Database::begin()
{
    if (!isPostgres())
        return exec(u"BEGIN IMMEDIATE"_s, nullptr);
    return m_db.transaction();
}

bool Database::commit()
{
    if (!isPostgres())
        return exec(u"COMMIT"_s, nullptr);
    return m_db.commit();
}

void Database::rollback()
{
    if (!isPostgres())
        exec(u"ROLLBACK"_s, nullptr);
    else
        m_db.rollback();
}

int Database::schemaVersion()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT MAX(version) FROM schema_version"_s) || !query.next())
        return 0;
    return query.value(0).toInt();
}

bool Database::migrate(QString* error)
{
    if (!exec(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s, error))
        return false;
    if (!begin()) {
        *error = u"cannot start the migration: %1"_s.arg(m_db.lastError().text());
        return false;
    }
    // Two gateways starting on one PostgreSQL database: the second waits here, then finds the
    // schema current. (SQLite's BEGIN IMMEDIATE already holds the write lock.)
    if (isPostgres() && !exec(u"LOCK TABLE schema_version IN EXCLUSIVE MODE"_s, error)) {
        rollback();
        return false;
    }
    const int current = schemaVersion();
    if (current > kSchemaVersion) {
        rollback();
        *error = u"%1 has schema version %2, newer than this Switchyard understands (%3); upgrade Switchyard"_s
                     .arg(m_location.display())
                     .arg(current)
                     .arg(kSchemaVersion);
        return false;
    }
    for (const Migration& m : migrations()) {
        if (m.version <= current)
            continue;
        for (const QString& statement : m.statements) {
            if (!exec(statement, error)) {
                rollback();
                *error = u"migration to schema version %1 failed: %2"_s.arg(m.version).arg(*error);
                return false;
            }
        }
        if (!exec(u"DELETE FROM schema_version"_s, error)
            || !exec(u"INSERT INTO schema_version (version) VALUES (%1)"_s.arg(m.version), error)) {
            rollback();
            return false;
        }
        qCInfo(lcStorage).noquote() << "database" << m_location.display() << "migrated to schema version" << m.version;
    }
    if (!commit()) {
        *error = u"cannot commit the migration: %1"_s.arg(m_db.lastError().text());
        rollback();
        return false;
    }
    return true;
}

} // namespace sy
