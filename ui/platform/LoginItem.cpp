// LoginItem on Linux and other freedesktop systems: an XDG autostart entry
// (https://specifications.freedesktop.org/autostart-spec/latest/). macOS: LoginItem_mac.mm.
#include "ui/platform/LoginItem.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// Named after the app id (the macOS bundle id), as the Desktop Entry spec recommends.
const QString kEntryName = u"autostart/io.switchyard.Switchyard.desktop"_s;

/** The user's entry, where setEnabled() writes: $XDG_CONFIG_HOME/autostart/…. */
QString userEntryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u'/' + kEntryName;
}

/**
 * What to start. An AppImage runs from a mount that changes each time: start the image itself.
 */
QString programPath()
{
    const QString appImage = qEnvironmentVariable("APPIMAGE");
    return appImage.isEmpty() ? QCoreApplication::applicationFilePath() : appImage;
}

/**
 * An Exec= value that runs path as one argument. The Desktop Entry spec quotes an argument in
 * double quotes with ", `, $ and \ escaped, doubles % (field codes), and then applies the
 * general string escapes to the whole value, which doubles every backslash once more.
 */
QString execValue(const QString& path)
{
    QString quoted = u"\""_s;
    for (const QChar c : path) {
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            quoted += u'\\';
        else if (c == u'%')
            quoted += u'%';
        quoted += c;
    }
    quoted += u'"';
    return quoted.replace(u"\\"_s, u"\\\\"_s);
}

/** Whether the entry at path asks to be started: not Hidden, not switched off in GNOME. */
bool entryIsActive(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    bool inMainGroup = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(u'[')) {
            inMainGroup = line == u"[Desktop Entry]";
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (!inMainGroup || eq < 0)
            continue;
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if ((key == u"Hidden" && value == u"true") || (key == u"X-GNOME-Autostart-enabled" && value == u"false"))
            return false;
    }
    return true;
}

bool writeEntry(const QString& path, const QByteArray& contents, QString* error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = QCoreApplication::translate("sy::LoginItem", "Cannot create the folder %1")
                         .arg(QFileInfo(path).absolutePath());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size() || !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("sy::LoginItem", "Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

// Nothing to keep: each call reads the XDG variables afresh, as QStandardPaths does.
struct LoginItem::Private
{ };

LoginItem::LoginItem()
    : d(std::make_unique<Private>())
{ }

LoginItem::~LoginItem() = default;

bool LoginItem::isSupported() const
{
#ifdef Q_OS_UNIX
    return true;
#else
    return false;
#endif
}

bool LoginItem::isEnabled() const
{
    // The user's entry wins over one of the same name in $XDG_CONFIG_DIRS (e.g. /etc/xdg).
    const QString path = QStandardPaths::locate(QStandardPaths::GenericConfigLocation, kEntryName);
    return !path.isEmpty() && entryIsActive(path);
}

bool LoginItem::setEnabled(bool enabled, QString* error)
{
    const QString path = userEntryPath();
    if (enabled) {
        const QString entry = u"[Desktop Entry]\n"
                              u"Type=Application\n"
                              u"Name=Switchyard\n"
                              u"Comment=Local-first LLM gateway\n"
                              u"Exec="_s
            + execValue(programPath())
            + u"\n"
              u"Terminal=false\n"
              u"X-GNOME-Autostart-enabled=true\n"_s;
        return writeEntry(path, entry.toUtf8(), error);
    }
    if (QFile::exists(path) && !QFile::remove(path)) {
        if (error)
            *error = QCoreApplication::translate("sy::LoginItem", "Cannot remove %1").arg(path);
        return false;
    }
    // A system-wide entry of the same name still starts the app: hide it for this user.
    if (!QStandardPaths::locate(QStandardPaths::GenericConfigLocation, kEntryName).isEmpty())
        return writeEntry(path, "[Desktop Entry]\nType=Application\nName=Switchyard\nHidden=true\n", error);
    return true;
}

} // namespace sy
