#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <memory>

class QSqlDatabase;

namespace sy {

struct SqliteApi;

/**
 * A statement prepared once on the SQLite connection behind a QSqlDatabase and run through
 * SQLite's C API, for the storage thread's one hot statement (a request_log row per request).
 * Through QSqlQuery each bound value costs a QString::arg, a hash lookup and a QVariant (about
 * 20 µs for a 31-value row); here it is one call into SQLite.
 *
 * It uses the very SQLite library Qt's QSQLITE driver uses, found with dlsym() in the driver
 * plugin's own dependencies, never one linked here: a second copy of SQLite in the process
 * would share neither its file locks nor, across versions, its structures. Where that library
 * cannot be found (a driver with SQLite built in and hidden, a static Qt, another driver),
 * prepare() returns nothing and callers use QSqlQuery.
 *
 * Lives on the connection's thread; must be destroyed before the connection closes.
 */
class SqliteStatement
{
public:
    ~SqliteStatement();
    Q_DISABLE_COPY_MOVE(SqliteStatement)

    /** Whether @p db is an open SQLite connection this class can use. */
    static bool isAvailable(const QSqlDatabase& db);
    /** @p sql prepared on @p db, or nullptr (with @p error set when SQLite refused it). */
    static std::unique_ptr<SqliteStatement> prepare(const QSqlDatabase& db, const QString& sql, QString* error);

    // Parameters count from 1, as in SQLite.
    void bindInt(int index, qint64 value);
    void bindDouble(int index, double value);
    void bindNull(int index);
    // Text values are copied into the statement's own buffer, which SQLite reads without a copy
    // of its own until run(); the caller's may go away at once.
    /** Text, or NULL for a null QString. */
    void bindText(int index, QStringView text, bool nullWhenEmpty);
    /** Latin-1 bytes (ASCII in practice: paths and codes), or NULL when empty and asked to. */
    void bindLatin1(int index, QByteArrayView text, bool nullWhenEmpty);
    /** UTF-8 bytes, or NULL when empty and asked to. */
    void bindUtf8(int index, QByteArrayView text, bool nullWhenEmpty);

    /** Runs the statement with the values bound since the last run; clears them after. */
    bool run(QString* error);

private:
    SqliteStatement(const SqliteApi* api, void* db, void* statement);
    bool check(int code);
    /** Binds @p size bytes of UTF-8 (filled in by @p write) from the row buffer, or a copy SQLite
        makes when the buffer is full. */
    template <class Write>
    void bindUtf8Written(int index, qsizetype size, Write write);

    const SqliteApi* m_api;
    void* m_db;
    void* m_statement;
    int m_failure = 0; ///< the first failing bind since the last run, which run() reports
    // The text values bound since the last run: a statement of several request rows fits (ids,
    // names, key hashes, paths: a few hundred bytes a row). SQLite's own copy of each was a
    // malloc and a free, a seventh of the row's cost.
    static constexpr qsizetype kRowBufferBytes = 64 * 1024;
    std::unique_ptr<char[]> m_row = std::make_unique<char[]>(kRowBufferBytes);
    qsizetype m_rowUsed = 0;
};

} // namespace sy
