#include "gateway/config/ConfigFileEditor.h"
#include "gateway/config/ConfigLoader.h"
#include "gateway/config/DefaultConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sy;

// Minimal text edits of config.yaml: what changes is exactly the one value, and every comment,
// blank line and quote elsewhere stays as the user wrote it.
class TestConfigFileEditor : public QObject
{
    Q_OBJECT

private:
    static const QByteArray kConfig;

private slots:
    void replacesAnExistingValueAndKeepsEverythingElse()
    {
        ConfigFileEditor editor(kConfig);
        QString error;
        QVERIFY2(editor.setGatewayPort(4100, &error), qPrintable(error));
        QByteArray expected = kConfig;
        expected.replace("  port: 4000   # the usual port", "  port: 4100   # the usual port");
        QCOMPARE(editor.text(), expected);
        QCOMPARE(editor.value("gateway", "port"), QString("4100"));
    }

    void keepsTheQuoteStyleOfTheOldValue()
    {
        ConfigFileEditor editor(kConfig);
        QString error;
        QVERIFY2(editor.setMasterKey("sk-new-key", &error), qPrintable(error));
        QVERIFY(editor.text().contains("  master_key: 'sk-new-key'  # change me\n"));
        QVERIFY2(editor.setMasterKey("it's", &error), qPrintable(error));
        QVERIFY(editor.text().contains("  master_key: 'it''s'  # change me\n"));
        QCOMPARE(editor.value("general_settings", "master_key"), QString("it's"));
    }

    void insertsAMissingKeyAtTheSectionsIndent()
    {
        const QByteArray text = "gateway:\n    port: 4000\n    # trailing comment\n\nmodel_list: []\n";
        ConfigFileEditor editor(text);
        QString error;
        QVERIFY2(editor.setGatewayHost("0.0.0.0", &error), qPrintable(error));
        QCOMPARE(editor.text(),
                 QByteArray("gateway:\n    port: 4000\n    host: 0.0.0.0\n    # trailing comment\n\nmodel_list: []\n"));
    }

    void addsAMissingSectionAtTheEnd()
    {
        ConfigFileEditor editor("model_list: []\n# last words\n");
        QString error;
        QVERIFY2(editor.setMasterKey("keychain/SWITCHYARD_MASTER_KEY", &error), qPrintable(error));
        QCOMPARE(editor.text(),
                 QByteArray("model_list: []\n# last words\n\ngeneral_settings:\n  master_key: "
                            "keychain/SWITCHYARD_MASTER_KEY\n"));
    }

    void fillsAnEmptySectionAndANullKey()
    {
        ConfigFileEditor editor("gateway:\ngeneral_settings:\n  master_key:   # none yet\n");
        QString error;
        QVERIFY2(editor.setGatewayPort(8080, &error), qPrintable(error));
        QVERIFY2(editor.setMasterKey("sk-1", &error), qPrintable(error));
        QCOMPARE(editor.text(),
                 QByteArray("gateway:\n  port: 8080\ngeneral_settings:\n  master_key: sk-1    # none yet\n"));
    }

    void keepsWindowsLineEndingsAndAMissingFinalNewline()
    {
        ConfigFileEditor editor("# c\r\ngateway:\r\n  port: 1");
        QString error;
        QVERIFY2(editor.setGatewayHost("localhost", &error), qPrintable(error));
        QCOMPARE(editor.text(), QByteArray("# c\r\ngateway:\r\n  port: 1\r\n  host: localhost\r\n"));
    }

    void quotesWhatYamlWouldReadDifferently_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QByteArray>("written");
        QTest::newRow("plain") << "sk-abc_123" << QByteArray("sk-abc_123");
        QTest::newRow("digits") << "12345" << QByteArray("\"12345\"");
        QTest::newRow("boolean word") << "yes" << QByteArray("\"yes\"");
        QTest::newRow("float") << "1.5" << QByteArray("\"1.5\"");
        QTest::newRow("hex") << "0x1F" << QByteArray("\"0x1F\"");
        QTest::newRow("null") << "~" << QByteArray("\"~\"");
        QTest::newRow("dotted quad stays plain") << "10.0.0.1" << QByteArray("10.0.0.1");
        QTest::newRow("comment sign") << "sk-a #b" << QByteArray("\"sk-a #b\"");
        QTest::newRow("colon") << "a: b" << QByteArray("\"a: b\"");
        QTest::newRow("quotes and backslash") << "x\"y\\z" << QByteArray("\"x\\\"y\\\\z\"");
        QTest::newRow("leading dash") << "-abc" << QByteArray("\"-abc\"");
        QTest::newRow("unicode") << QString::fromUtf8("schlüssel") << QByteArray("\"schlüssel\"");
    }

    void quotesWhatYamlWouldReadDifferently()
    {
        QFETCH(QString, key);
        QFETCH(QByteArray, written);
        ConfigFileEditor editor("general_settings:\n  master_key: old\n");
        QString error;
        QVERIFY2(editor.setMasterKey(key, &error), qPrintable(error));
        QCOMPARE(editor.text(), "general_settings:\n  master_key: " + written + "\n");
        QCOMPARE(editor.value("general_settings", "master_key"), key);
    }

    void quotesTheIpv6Wildcard()
    {
        ConfigFileEditor editor("gateway:\n  host: localhost\n");
        QString error;
        QVERIFY2(editor.setGatewayHost("::", &error), qPrintable(error));
        QCOMPARE(editor.text(), QByteArray("gateway:\n  host: \"::\"\n"));
    }

    void refusesInvalidInput_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("value");
        QTest::newRow("host name") << "host"
                                   << "example.com";
        QTest::newRow("host with port") << "host"
                                        << "127.0.0.1:4000";
        QTest::newRow("port too big") << "port"
                                      << "65536";
        QTest::newRow("negative port") << "port"
                                       << "-1";
        QTest::newRow("newline in key") << "key"
                                        << "sk-a\nb";
        QTest::newRow("tab in key") << "key"
                                    << "sk-a\tb";
        QTest::newRow("spaces around key") << "key"
                                           << " sk-a ";
    }

    void refusesInvalidInput()
    {
        QFETCH(QString, what);
        QFETCH(QString, value);
        ConfigFileEditor editor(kConfig);
        QString error;
        bool ok = true;
        if (what == "host")
            ok = editor.setGatewayHost(value, &error);
        else if (what == "port")
            ok = editor.setGatewayPort(value.toInt(), &error);
        else
            ok = editor.setMasterKey(value, &error);
        QVERIFY(!ok);
        QVERIFY(!error.isEmpty());
        QCOMPARE(editor.text(), kConfig);
    }

    void refusesShapesItCannotEditSafely_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("nested flow mapping") << QByteArray("gateway: {host: localhost, tls: {cert: a.pem}}\n");
        QTest::newRow("block scalar") << QByteArray("gateway:\n  port: |\n    4000\n");
        QTest::newRow("nested block") << QByteArray("gateway:\n  port:\n    value: 4000\n");
        QTest::newRow("anchor") << QByteArray("gateway:\n  port: &p 4000\n");
        QTest::newRow("duplicate section") << QByteArray("gateway:\n  port: 1\ngateway:\n  port: 2\n");
        QTest::newRow("list section") << QByteArray("gateway:\n  - port: 1\n");
        QTest::newRow("two documents") << QByteArray("gateway:\n  port: 1\n---\ngateway:\n  port: 2\n");
        QTest::newRow("broken yaml") << QByteArray("gateway:\n  port: [1\n");
        QTest::newRow("multi-line quoted") << QByteArray("gateway:\n  port: \"40\n    00\"\n");
    }

    void refusesShapesItCannotEditSafely()
    {
        QFETCH(QByteArray, text);
        ConfigFileEditor editor(text);
        QString error;
        QVERIFY(!editor.setGatewayPort(4100, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(editor.text(), text);
    }

    // Issue #18: a one-line flow mapping, common in real files, is laid out as a block and edited.
    void editsAOneLineFlowMapping()
    {
        const QByteArray text = "model_list: []\r\ngateway: {host: localhost, port: 4000, cors: \"*\"}  # LAN later\r\n"
                                "general_settings:\r\n    master_key: sk-1\r\n";
        ConfigFileEditor editor(text);
        QString error;
        QVERIFY2(editor.setGatewayHost("0.0.0.0", &error), qPrintable(error));
        QVERIFY2(editor.setGatewayPort(4100, &error), qPrintable(error));
        QCOMPARE(editor.text(),
                 QByteArray("model_list: []\r\ngateway: # LAN later\r\n    host: 0.0.0.0\r\n    port: 4100\r\n"
                            "    cors: \"*\"\r\ngeneral_settings:\r\n    master_key: sk-1\r\n"));
        QCOMPARE(editor.value("gateway", "port"), QString("4100"));
        QCOMPARE(editor.value("gateway", "cors"), QString("*"));
        // An empty one becomes an empty block that takes the key.
        ConfigFileEditor empty("gateway: {}\n");
        QVERIFY2(empty.setGatewayPort(4000, &error), qPrintable(error));
        QCOMPARE(empty.text(), QByteArray("gateway:\n  port: 4000\n"));
    }

    void removesTheMasterKeyLineOnly()
    {
        ConfigFileEditor editor(kConfig);
        QString error;
        QVERIFY2(editor.setMasterKey(QString(), &error), qPrintable(error));
        QByteArray expected = kConfig;
        expected.replace("  master_key: 'sk-old'  # change me\n", "");
        QCOMPARE(editor.text(), expected);
        QVERIFY(!editor.value("general_settings", "master_key"));
        QVERIFY(editor.setMasterKey(QString(), &error)); // already absent
        QCOMPARE(editor.text(), expected);
    }

    // The file Switchyard writes on first start: comments survive, and the loader reads the edit.
    void editsTheDefaultConfig()
    {
        ConfigFileEditor editor(DefaultConfig::text());
        QString error;
        QVERIFY2(editor.setMasterKey("sk-from-settings", &error), qPrintable(error));
        QVERIFY2(editor.setGatewayHost("0.0.0.0", &error), qPrintable(error));
        QVERIFY2(editor.setGatewayPort(4001, &error), qPrintable(error));
        QVERIFY(editor.text().contains("  host: 0.0.0.0   # 0.0.0.0 serves the LAN"));
        QVERIFY(editor.text().contains("# general_settings:\n#   master_key: os.environ/SWITCHYARD_MASTER_KEY\n"));
        QVERIFY(editor.text().endsWith("\ngeneral_settings:\n  master_key: sk-from-settings\n"));
        const ConfigLoadResult loaded = ConfigLoader().loadYaml(editor.text(), "config.yaml");
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorText()));
        QCOMPARE(loaded.config->masterKey, QString("sk-from-settings"));
        QCOMPARE(loaded.config->listen.host, QString("0.0.0.0"));
        QCOMPARE(loaded.config->listen.port, quint16(4001));
    }

    void savesAndLoads()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("config.yaml");
        ConfigFileEditor editor(kConfig);
        QString error;
        QVERIFY(editor.setGatewayPort(5000, &error));
        QVERIFY2(editor.save(path, &error), qPrintable(error));
        const std::optional<ConfigFileEditor> again = ConfigFileEditor::load(path, &error);
        QVERIFY(again);
        QCOMPARE(again->text(), editor.text());
        QVERIFY(!ConfigFileEditor::load(dir.filePath("missing.yaml"), &error));
        QVERIFY(error.contains("missing.yaml"));
    }
};

const QByteArray TestConfigFileEditor::kConfig = "# My gateway\n"
                                                 "model_list:\n"
                                                 "  - model_name: local   # LM Studio\n"
                                                 "    litellm_params:\n"
                                                 "      model: openai/x\n"
                                                 "\n"
                                                 "general_settings:\n"
                                                 "  master_key: 'sk-old'  # change me\n"
                                                 "  max_parallel_requests: 8\n"
                                                 "\n"
                                                 "gateway:\n"
                                                 "  host: localhost\n"
                                                 "  port: 4000   # the usual port\n"
                                                 "# the end\n";

QTEST_GUILESS_MAIN(TestConfigFileEditor)
#include "TestConfigFileEditor.moc"
