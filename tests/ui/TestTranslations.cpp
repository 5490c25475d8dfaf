#include "ui/Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace sy;

// The shipped languages: embedded, loaded for the system language, and complete (every message
// translated, none unfinished, the same %1/%n placeholders as the English).
class TestTranslations : public QObject
{
    Q_OBJECT

private:
    struct Message
    {
        QString context;
        QString source;
        QString translation;
        QString type;
        bool numerus = false;
    };

    static QList<Message> readTs(const QString& path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        QList<Message> messages;
        QXmlStreamReader xml(&file);
        QString context;
        Message m;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) {
                if (xml.isEndElement() && xml.name() == u"message")
                    messages << m;
                continue;
            }
            if (xml.name() == u"name")
                context = xml.readElementText();
            else if (xml.name() == u"message") {
                m = Message{context,
                            {},
                            {},
                            {},
                            xml.attributes().value(QLatin1StringView("numerus")) == QLatin1StringView("yes")};
            } else if (xml.name() == u"source")
                m.source = xml.readElementText();
            else if (xml.name() == u"translation") {
                m.type = xml.attributes().value(QLatin1StringView("type")).toString();
                if (!m.numerus)
                    m.translation = xml.readElementText();
            } else if (xml.name() == u"numerusform")
                m.translation += xml.readElementText();
        }
        return xml.hasError() ? QList<Message>() : messages;
    }

    static QSet<QString> placeholders(const QString& text)
    {
        static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
        QSet<QString> found;
        for (auto it = re.globalMatch(text); it.hasNext();)
            found.insert(it.next().captured());
        return found;
    }

    static void removeTranslators()
    {
        // QCoreApplication::instance(), not qApp: with Widgets linked, qApp casts to QApplication.
        for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }

private slots:
    void cleanup() { removeTranslators(); }

    void shipsGermanAndJapanese() { QCOMPARE(Translations::available(), (QStringList{"de", "ja"})); }

    void followsTheLocale_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("quit");
        QTest::newRow("de") << QLocale(QLocale::German, QLocale::Germany) << "de"
                            << "Switchyard beenden";
        QTest::newRow("de-CH") << QLocale(QLocale::German, QLocale::Switzerland) << "de"
                               << "Switchyard beenden";
        QTest::newRow("ja") << QLocale(QLocale::Japanese, QLocale::Japan) << "ja"
                            << "Switchyard を終了";
        QTest::newRow("en") << QLocale(QLocale::English, QLocale::UnitedStates) << ""
                            << "Quit Switchyard";
        QTest::newRow("fr") << QLocale(QLocale::French, QLocale::France) << ""
                            << "Quit Switchyard";
    }

    void followsTheLocale()
    {
        QFETCH(QLocale, locale);
        QFETCH(QString, language);
        QFETCH(QString, quit);
        QCOMPARE(Translations::install(*QCoreApplication::instance(), locale), language);
        QCOMPARE(QCoreApplication::translate("sy::TrayMenu", "Quit Switchyard"), quit);
    }

    void complete_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(SWITCHYARD_TS_DIR));
        for (const QString& name : dir.entryList({"switchyard_*.ts"}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }

    void complete()
    {
        QFETCH(QString, path);
        const QList<Message> messages = readTs(path);
        QVERIFY2(messages.size() > 200, qPrintable(QString::number(messages.size())));
        for (const Message& m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source;
            QVERIFY2(m.type.isEmpty(),
                     qPrintable(m.type + QStringLiteral(" ") + where)); // not unfinished, not vanished
            QVERIFY2(!m.translation.trimmed().isEmpty(), qPrintable(where));
            if (!m.numerus)
                QCOMPARE(placeholders(m.translation), placeholders(m.source));
        }
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "TestTranslations.moc"
