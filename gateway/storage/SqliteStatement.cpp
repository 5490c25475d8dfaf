#include "gateway/storage/SqliteStatement.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <cstring>

#include <dlfcn.h>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// SQLite's C ABI, which has not changed in twenty years; declared here rather than taken from
// sqlite3.h so that nothing in the build links a SQLite of its own (see the class comment).
constexpr int kSqliteOk = 0;
constexpr int kSqliteDone = 101;
using Destructor = void (*)(void*);
const Destructor kSqliteTransient = reinterpret_cast<Destructor>(-1); // SQLite copies the value
const Destructor kSqliteStatic = nullptr; // SQLite reads the value where it is until the next reset

} // namespace

struct SqliteApi
{
    int (*prepare)(void* db, const char* sql, int bytes, void** statement, const char** tail) = nullptr;
    int (*bindInt64)(void* statement, int index, qint64 value) = nullptr;
    int (*bindDouble)(void* statement, int index, double value) = nullptr;
    int (*bindNull)(void* statement, int index) = nullptr;
    int (*bindText)(void* statement, int index, const char* text, int bytes, Destructor) = nullptr;
    int (*step)(void* statement) = nullptr;
    int (*reset)(void* statement) = nullptr;
    int (*clearBindings)(void* statement) = nullptr;
    int (*finalize)(void* statement) = nullptr;
    const char* (*errmsg)(void* db) = nullptr;

    /** The functions of the SQLite that @p driver (QSQLITE) uses, or nullptr. */
    static const SqliteApi* resolve(const QSqlDriver* driver)
    {
        // The driver's meta-object lives in its plugin; dlsym() on the plugin's handle searches
        // the plugin and the libraries it was linked with, so it finds the driver's SQLite.
        Dl_info info{};
        if (!dladdr(static_cast<const void*>(driver->metaObject()), &info) || !info.dli_fname)
            return nullptr;
        void* plugin = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
        if (!plugin)
            return nullptr;
        static SqliteApi api;
        const bool found = bind(plugin, "sqlite3_prepare_v2", api.prepare)
            && bind(plugin, "sqlite3_bind_int64", api.bindInt64) && bind(plugin, "sqlite3_bind_double", api.bindDouble)
            && bind(plugin, "sqlite3_bind_null", api.bindNull) && bind(plugin, "sqlite3_bind_text", api.bindText)
            && bind(plugin, "sqlite3_step", api.step) && bind(plugin, "sqlite3_reset", api.reset)
            && bind(plugin, "sqlite3_clear_bindings", api.clearBindings)
            && bind(plugin, "sqlite3_finalize", api.finalize) && bind(plugin, "sqlite3_errmsg", api.errmsg);
        dlclose(plugin); // NOLOAD took a reference; Qt keeps the plugin loaded
        return found ? &api : nullptr;
    }

private:
    template <class Function>
    static bool bind(void* library, const char* name, Function& function)
    {
        function = reinterpret_cast<Function>(dlsym(library, name));
        return function != nullptr;
    }
};

namespace {

/** The connection's sqlite3 handle and the API to use it with, or {nullptr, nullptr}. */
std::pair<const SqliteApi*, void*> connectionOf(const QSqlDatabase& db)
{
    if (!db.isOpen() || db.driverName() != u"QSQLITE"_s)
        return {};
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return {};
    void* connection = *static_cast<void* const*>(handle.constData());
    // Resolved once: a process has one QSQLITE plugin.
    static const SqliteApi* const api = SqliteApi::resolve(db.driver());
    return {connection ? api : nullptr, connection};
}

} // namespace

SqliteStatement::SqliteStatement(const SqliteApi* api, void* db, void* statement)
    : m_api(api)
    , m_db(db)
    , m_statement(statement)
{ }

SqliteStatement::~SqliteStatement()
{
    m_api->finalize(m_statement);
}

bool SqliteStatement::isAvailable(const QSqlDatabase& db)
{
    return connectionOf(db).first != nullptr;
}

std::unique_ptr<SqliteStatement> SqliteStatement::prepare(const QSqlDatabase& db, const QString& sql, QString* error)
{
    const auto [api, connection] = connectionOf(db);
    if (!api)
        return nullptr;
    const QByteArray utf8 = sql.toUtf8();
    void* statement = nullptr;
    if (api->prepare(connection, utf8.constData(), int(utf8.size()), &statement, nullptr) != kSqliteOk) {
        if (error)
            *error = QString::fromUtf8(api->errmsg(connection));
        api->finalize(statement); // a no-op on nullptr
        return nullptr;
    }
    return std::unique_ptr<SqliteStatement>(new SqliteStatement(api, connection, statement));
}

bool SqliteStatement::check(int code)
{
    if (code != kSqliteOk && m_failure == kSqliteOk)
        m_failure = code;
    return code == kSqliteOk;
}

void SqliteStatement::bindInt(int index, qint64 value)
{
    check(m_api->bindInt64(m_statement, index, value));
}

void SqliteStatement::bindDouble(int index, double value)
{
    check(m_api->bindDouble(m_statement, index, value));
}

void SqliteStatement::bindNull(int index)
{
    check(m_api->bindNull(m_statement, index));
}

template <class Write>
void SqliteStatement::bindUtf8Written(int index, qsizetype size, Write write)
{
    if (size <= kRowBufferBytes - m_rowUsed) {
        char* at = m_row.get() + m_rowUsed;
        write(at);
        m_rowUsed += size;
        check(m_api->bindText(m_statement, index, at, int(size), kSqliteStatic));
        return;
    }
    std::unique_ptr<char[]> copy(new char[size_t(qMax<qsizetype>(size, 1))]);
    write(copy.get());
    check(m_api->bindText(m_statement, index, copy.get(), int(size), kSqliteTransient));
}

void SqliteStatement::bindText(int index, QStringView text, bool nullWhenEmpty)
{
    if (text.isNull() || (nullWhenEmpty && text.isEmpty())) {
        bindNull(index);
        return;
    }
    // Most values (ids, model names, keys) are short ASCII: narrowed into UTF-8 as they are copied.
    // UTF-16 would be copied, then translated in a second buffer by SQLite (the database is UTF-8).
    bool ascii = true;
    for (const QChar c : text)
        ascii &= c.unicode() < 0x80;
    if (ascii) {
        bindUtf8Written(index, text.size(), [text](char* at) {
            for (const QChar c : text)
                *at++ = char(c.unicode());
        });
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    bindUtf8Written(index, utf8.size(), [&utf8](char* at) { memcpy(at, utf8.constData(), size_t(utf8.size())); });
}

void SqliteStatement::bindLatin1(int index, QByteArrayView text, bool nullWhenEmpty)
{
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) { // not ASCII, so not UTF-8 as it is
            bindText(index, QString::fromLatin1(text), nullWhenEmpty);
            return;
        }
    }
    bindUtf8(index, text, nullWhenEmpty);
}

void SqliteStatement::bindUtf8(int index, QByteArrayView text, bool nullWhenEmpty)
{
    if (nullWhenEmpty && text.isEmpty()) {
        bindNull(index);
        return;
    }
    // Bound from the row buffer even when empty: SQLite binds NULL for a null pointer.
    bindUtf8Written(index, text.size(), [text](char* at) {
        if (!text.isEmpty())
            memcpy(at, text.data(), size_t(text.size()));
    });
}

bool SqliteStatement::run(QString* error)
{
    const int bound = std::exchange(m_failure, kSqliteOk);
    const int stepped = bound == kSqliteOk ? m_api->step(m_statement) : bound;
    // reset() repeats step()'s error code, and the message stays until the next call.
    if (stepped != kSqliteDone && error)
        *error = QString::fromUtf8(m_api->errmsg(m_db));
    m_api->reset(m_statement);
    m_api->clearBindings(m_statement); // before the row buffer is written again
    m_rowUsed = 0;
    return stepped == kSqliteDone;
}

} // namespace sy
