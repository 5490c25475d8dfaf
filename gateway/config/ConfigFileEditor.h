#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace sy {

/**
 * Small, surgical edits to a config.yaml as text: sets, inserts or removes one scalar at
 * `section.key` (e.g. gateway.port) and leaves every other byte alone, so the user's comments,
 * order, blank lines and quoting survive. yaml-cpp cannot do this: re-emitting a tree drops
 * comments and layout.
 *
 * It edits only what it can edit safely: a top-level block mapping holding a one-line scalar. A
 * one-line flow mapping of plain values (`gateway: {host: 0.0.0.0, port: 4000}`, common in real
 * files) is first rewritten as the same mapping in block style. Anything else (a nested flow
 * mapping, a block scalar, an anchor, a duplicate key, several documents) is refused with a
 * message, and the text is left unchanged. Each edit is checked by parsing the result with
 * yaml-cpp and reading the key back.
 *
 * Qt Core only: the settings page of the tray app uses it, and so could a CLI command.
 */
class ConfigFileEditor
{
public:
    explicit ConfigFileEditor(QByteArray text = {});

    /** Reads @p path; nullopt and @p error when it cannot be read. */
    static std::optional<ConfigFileEditor> load(const QString& path, QString* error);
    /** Writes the text to @p path atomically (QSaveFile); false and @p error on failure. */
    bool save(const QString& path, QString* error) const;

    const QByteArray& text() const { return m_text; }

    /** The scalar at `section.key` as YAML reads it (quotes removed); nullopt when absent or not a scalar. */
    std::optional<QString> value(const QByteArray& section, const QByteArray& key) const;

    /** Sets `section.key` to the string @p value, quoting it when YAML needs that. */
    bool setValue(const QByteArray& section, const QByteArray& key, const QString& value, QString* error);
    /** Removes the line of `section.key`; true when it was absent already. */
    bool removeValue(const QByteArray& section, const QByteArray& key, QString* error);

    // The settings the tray app edits, validated first.

    /** gateway.port: 0 (any free port) to 65535. */
    bool setGatewayPort(int port, QString* error);
    /** gateway.host: localhost, 0.0.0.0, ::, * or an IP address. */
    bool setGatewayHost(const QString& host, QString* error);
    /**
     * general_settings.master_key: a key, `os.environ/NAME` or `keychain/NAME`. Empty removes
     * it. Refused: control characters, surrounding spaces.
     */
    bool setMasterKey(const QString& key, QString* error);

    /** Whether @p host is a value gateway.host accepts. */
    static bool isValidHost(const QString& host);

private:
    struct Line
    {
        QByteArray content; ///< without the line break
        QByteArray eol; ///< "\n", "\r\n" or "" (last line without one)
    };
    struct Location
    {
        int sectionLine = -1; ///< -1: no such section
        int keyLine = -1; ///< -1: section has no such key
        int lastChildLine = -1; ///< where a new key goes after; the section line when empty
        QByteArray childIndent;
    };

    QList<Line> lines() const;
    /** Rewrites `section: {a: 1, b: 2}` on one line as a block mapping; false (and @p error) if it cannot. */
    static bool expandFlowSection(QList<Line>& lines, const QByteArray& section, QString* error);
    static QByteArray join(const QList<Line>& lines);
    std::optional<Location>
    locate(const QList<Line>& lines, const QByteArray& section, const QByteArray& key, QString* error) const;
    bool edit(const QByteArray& section,
              const QByteArray& key,
              const std::function<QByteArray(char quote)>& render,
              const QString& value,
              QString* error);
    bool commit(QByteArray text,
                const QByteArray& section,
                const QByteArray& key,
                const std::optional<QString>& expected,
                QString* error);

    QByteArray m_text;
};

} // namespace sy
