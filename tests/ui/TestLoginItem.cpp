#include "ui/platform/LoginItem.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace sy;

// LoginItem's XDG autostart implementation, against a temporary $XDG_CONFIG_HOME and
// $XDG_CONFIG_DIRS, so the user's real autostart folder is never touched.
class TestLoginItem : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString userEntry() const { return m_dir->filePath("config/autostart/io.switchyard.Switchyard.desktop"); }
    QString systemEntry() const { return m_dir->filePath("system/autostart/io.switchyard.Switchyard.desktop"); }

    static QByteArray read(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static void write(const QString& path, const QByteArray& contents)
    {
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(contents);
    }

    static QByteArray execLine(const QByteArray& entry)
    {
        for (const QByteArray& line : entry.split('\n'))
            if (line.startsWith("Exec="))
                return line.mid(5);
        return {};
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir->filePath("config")));
        qputenv("XDG_CONFIG_DIRS", QFile::encodeName(m_dir->filePath("system")));
        qunsetenv("APPIMAGE");
    }

    void cleanup() { m_dir.reset(); }

    void supportedAndOffByDefault()
    {
        LoginItem item;
        QVERIFY(item.isSupported());
        QVERIFY(!item.isEnabled());
    }

    void enablingWritesAnAutostartEntry()
    {
        LoginItem item;
        QString error;
        QVERIFY(item.setEnabled(true, &error));
        QVERIFY(error.isEmpty());
        QVERIFY(item.isEnabled());

        const QByteArray entry = read(userEntry());
        QVERIFY(entry.startsWith("[Desktop Entry]\n"));
        QVERIFY(entry.contains("\nType=Application\n"));
        QVERIFY(entry.contains("\nName=Switchyard\n"));
        const QByteArray program = QFile::encodeName(QCoreApplication::applicationFilePath());
        QCOMPARE(execLine(entry), "\"" + program + "\"");

        QVERIFY(item.setEnabled(true, &error)); // again: same result, no error
        QCOMPARE(read(userEntry()), entry);
    }

    void disablingRemovesTheEntry()
    {
        LoginItem item;
        QVERIFY(item.setEnabled(true));
        QVERIFY(item.setEnabled(false));
        QVERIFY(!QFile::exists(userEntry()));
        QVERIFY(!item.isEnabled());
        QVERIFY(item.setEnabled(false)); // already off
    }

    // The Desktop Entry spec's quoting: ", `, $ and \ escaped inside quotes, % doubled, and every
    // backslash doubled once more by the string escapes. An AppImage is started as the image.
    void execQuotesTheProgramPath()
    {
        qputenv("APPIMAGE", "/opt/My Apps/a\"b`c$d\\e%f.AppImage");
        LoginItem item;
        QVERIFY(item.setEnabled(true));
        QCOMPARE(execLine(read(userEntry())), "\"/opt/My Apps/a\\\\\"b\\\\`c\\\\$d\\\\\\\\e%%f.AppImage\"");
    }

    void desktopSwitchesAreRespected_data()
    {
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<bool>("enabled");
        QTest::newRow("plain") << QByteArray() << true;
        QTest::newRow("Hidden") << QByteArray("Hidden=true\n") << false;
        QTest::newRow("GNOME off") << QByteArray("X-GNOME-Autostart-enabled=false\n") << false;
        QTest::newRow("GNOME on") << QByteArray("X-GNOME-Autostart-enabled=true\n") << true;
        QTest::newRow("other group") << QByteArray("[Desktop Action x]\nHidden=true\n") << true;
    }

    void desktopSwitchesAreRespected()
    {
        QFETCH(QByteArray, extra);
        QFETCH(bool, enabled);
        write(userEntry(), "[Desktop Entry]\nType=Application\nName=Switchyard\nExec=switchyard\n" + extra);
        QCOMPARE(LoginItem().isEnabled(), enabled);
    }

    // An entry of the same name in $XDG_CONFIG_DIRS (e.g. /etc/xdg/autostart) starts the app too;
    // turning it off must hide it for this user, since the system file is not ours to delete.
    void disablingHidesASystemEntry()
    {
        write(systemEntry(), "[Desktop Entry]\nType=Application\nName=Switchyard\nExec=switchyard\n");
        LoginItem item;
        QVERIFY(item.isEnabled());
        QVERIFY(item.setEnabled(false));
        QVERIFY(!item.isEnabled());
        QVERIFY(read(userEntry()).contains("\nHidden=true\n"));
        QVERIFY(QFile::exists(systemEntry()));
    }

    void reportsAFolderItCannotCreate()
    {
        // A file where the config folder should be: mkpath fails even for root.
        write(m_dir->filePath("config"), "not a folder");
        LoginItem item;
        QString error;
        QVERIFY(!item.setEnabled(true, &error));
        QVERIFY2(error.contains(m_dir->filePath("config")), qPrintable(error));
        QVERIFY(!item.isEnabled());
    }
};

QTEST_GUILESS_MAIN(TestLoginItem)
#include "TestLoginItem.moc"
