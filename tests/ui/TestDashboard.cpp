#include "tests/support/ManualClock.h"
#include "tests/ui/support/DemoScenario.h"
#include "tests/ui/support/FakeKeyManager.h"
#include "tests/ui/support/FakeServerControl.h"
#include "tests/ui/support/ScriptedGateway.h"
#include "ui/GatewayMonitor.h"
#include "ui/Translations.h"
#include "ui/dashboard/ChartsPanel.h"
#include "ui/dashboard/DashboardWindow.h"
#include "ui/dashboard/KeyEditDialog.h"
#include "ui/dashboard/KeysPage.h"
#include "ui/dashboard/ModelsPage.h"
#include "ui/dashboard/NewKeyDialog.h"
#include "ui/dashboard/OverviewPage.h"
#include "ui/dashboard/RequestDetailView.h"
#include "ui/dashboard/RequestLogPage.h"
#include "ui/dashboard/ServersPage.h"
#include "ui/dashboard/SettingsPage.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/models/ModelGroupsModel.h"
#include "ui/models/RequestLogFilter.h"
#include "ui/models/RequestLogModel.h"
#include "ui/models/ServerTableModel.h"

#include <QApplication>
#include <QChart>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeView>

using namespace sy;

namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

// The dashboard's pages, driven as a user would: keys created, shown once, limited and revoked;
// settings written into the config file; the request log filtered; charts fed.
class TestDashboard : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QTemporaryDir m_settings;
    std::unique_ptr<testing::ManualClock> m_clock;
    std::unique_ptr<testing::FakeKeyManager> m_keys;
    std::unique_ptr<GatewayMonitor> m_monitor;

    QString configPath() const { return m_dir->filePath("config.yaml"); }

    QByteArray readConfig() const
    {
        QFile f(configPath());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    void makeMonitor(bool withKeys)
    {
        m_keys = withKeys ? std::make_unique<testing::FakeKeyManager>() : nullptr;
        m_monitor = std::make_unique<GatewayMonitor>(m_keys.get(), *m_clock);
        m_monitor->setTicking(false);
    }

    /** The child of type T once it appears (dialogs open on the next event-loop turn); null on timeout. */
    template <typename T>
    static T* waitForChild(QWidget* parent)
    {
        if (!QTest::qWaitFor([parent] { return parent->findChild<T*>() != nullptr; }, kHangGuardMs))
            return nullptr;
        return parent->findChild<T*>();
    }

private slots:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path()); // remembered widths
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QFile f(m_dir->filePath("config.yaml"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# mine\nmodel_list: []\n\ngateway:\n  host: localhost   # only here\n  port: 4000\n");
        f.close();
        m_clock = std::make_unique<testing::ManualClock>();
    }

    void cleanup()
    {
        m_monitor.reset();
        m_keys.reset();
    }

    void keysPageExplainsWhatIsMissing()
    {
        makeMonitor(false);
        DashboardWindow window(*m_monitor, configPath(), {});
        window.showPage(DashboardWindow::Keys);
        window.show();
        QVERIFY(!window.keys()->isAvailable());
        QWidget* placeholder = window.keys()->findChild<QWidget*>("keysPlaceholder");
        QVERIFY(placeholder && placeholder->isVisible());
        QVERIFY(!window.keys()->view()->isVisible());
    }

    void createsAKeyAndShowsItOnce()
    {
        makeMonitor(true);
        DashboardWindow window(*m_monitor, configPath(), {});
        window.showPage(DashboardWindow::Keys);
        window.show();
        KeysPage* page = window.keys();
        QVERIFY(page->isAvailable());
        page->createButton()->click();
        auto* dialog = waitForChild<KeyEditDialog>(page);
        QVERIFY(dialog);
        dialog->aliasEdit()->setText("laptop");
        dialog->modelsEdit()->setText("gpt-4o, local");
        dialog->rpmEdit()->setValue(60);
        dialog->budgetEdit()->setValue(25);
        dialog->accept();
        auto* shown = waitForChild<NewKeyDialog>(page);
        QVERIFY(shown);
        QCOMPARE(shown->secretField()->text(), QString("sk-secret-hash1"));
        shown->copyButton()->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), QString("sk-secret-hash1"));
        QCOMPARE(m_keys->keys.size(), 1);
        QCOMPARE(m_keys->keys.at(0).limits.models, (QStringList{"gpt-4o", "local"}));
        QCOMPARE(m_keys->keys.at(0).limits.rpm, std::optional<int>(60));
        QCOMPARE(m_keys->keys.at(0).limits.tpm, std::nullopt);
        QCOMPARE(m_keys->keys.at(0).limits.maxBudget, std::optional<double>(25));
        QTRY_COMPARE_WITH_TIMEOUT(page->view()->model()->rowCount(), 1, kHangGuardMs); // listed again after the change
        shown->close();
        QTRY_VERIFY_WITH_TIMEOUT(!page->findChild<NewKeyDialog*>(), kHangGuardMs); // gone, with its secret
    }

    void editsLimitsAndRevokes()
    {
        makeMonitor(true);
        m_keys->add("ci");
        DashboardWindow window(*m_monitor, configPath(), {});
        window.showPage(DashboardWindow::Keys);
        window.show();
        KeysPage* page = window.keys();
        QTRY_COMPARE_WITH_TIMEOUT(page->view()->model()->rowCount(), 1, kHangGuardMs);
        QVERIFY(!page->editButton()->isEnabled());
        page->view()->selectRow(0);
        QVERIFY(page->editButton()->isEnabled());
        page->editButton()->click();
        auto* dialog = waitForChild<KeyEditDialog>(page);
        QVERIFY(dialog);
        QVERIFY(!dialog->aliasEdit()->isEnabled());
        dialog->rpmEdit()->setValue(10);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(m_keys->keys.at(0).limits.rpm, std::optional<int>(10), kHangGuardMs);
        QTRY_VERIFY_WITH_TIMEOUT(page->message()->text().contains("ci"), kHangGuardMs);

        page->view()->selectRow(0);
        page->revokeButton()->click();
        auto* box = waitForChild<QMessageBox>(page);
        QVERIFY(box);
        QPushButton* revoke = nullptr;
        for (QAbstractButton* b : box->buttons()) {
            if (b->text() == "Revoke")
                revoke = qobject_cast<QPushButton*>(b);
        }
        QVERIFY(revoke);
        revoke->click();
        QTRY_VERIFY_WITH_TIMEOUT(m_keys->keys.at(0).blocked, kHangGuardMs);
        QTRY_COMPARE_WITH_TIMEOUT(page->message()->text(), QString("Key revoked."), kHangGuardMs);
    }

    void showsFailures()
    {
        makeMonitor(true);
        DashboardWindow window(*m_monitor, configPath(), {});
        window.show();
        m_keys->failNext("the database is locked");
        m_keys->createKey("x", {});
        QTRY_COMPARE_WITH_TIMEOUT(window.keys()->message()->text(),
                                  QString("Could not create the key: the database is locked"),
                                  kHangGuardMs);
    }

    void settingsWriteTheConfigFile()
    {
        makeMonitor(false);
        DashboardWindow window(*m_monitor, configPath(), {});
        window.showPage(DashboardWindow::Settings);
        window.show();
        SettingsPage* page = window.settings();
        QCOMPARE(page->portEdit()->value(), 4000);
        QCOMPARE(page->hostEdit()->currentText(), QString("localhost"));
        QVERIFY(page->currentKey()->text().contains("No master key"));
        QVERIFY(!page->keychainBox()->isEnabled()); // no keychain wired

        // All interfaces without a master key: refused, file untouched.
        page->hostEdit()->setEditText("0.0.0.0");
        page->applyButton()->click();
        QVERIFY(page->status()->text().contains("needs a master key"));
        QVERIFY(readConfig().contains("host: localhost"));

        page->masterKeyEdit()->setText("sk-typed-in");
        page->portEdit()->setValue(4100);
        QSignalSpy applied(page, &SettingsPage::applied);
        page->applyButton()->click();
        QCOMPARE(applied.size(), 1);
        QCOMPARE(readConfig(),
                 QByteArray("# mine\nmodel_list: []\n\ngateway:\n  host: 0.0.0.0   # only here\n  port: 4100\n\n"
                            "general_settings:\n  master_key: sk-typed-in\n"));
        QVERIFY(page->currentKey()->text().contains("plain text"));

        page->hostEdit()->setEditText("not-an-address");
        page->applyButton()->click();
        QVERIFY(page->status()->text().contains("IP address"));
    }

    void settingsStoreTheMasterKeyInTheKeychain()
    {
        makeMonitor(false);
        QString storedName, storedValue;
        std::function<void(const QString&)> pending;
        UiServices services;
        services.writeSecret
            = [&](const QString& name, const QString& value, std::function<void(const QString&)> done) {
                  storedName = name;
                  storedValue = value;
                  pending = std::move(done);
              };
        DashboardWindow window(*m_monitor, configPath(), services);
        window.showPage(DashboardWindow::Settings);
        window.show();
        SettingsPage* page = window.settings();
        QVERIFY(page->keychainBox()->isChecked());
        page->masterKeyEdit()->setText("sk-secret");
        page->applyButton()->click();
        QCOMPARE(storedName, QString("SWITCHYARD_MASTER_KEY"));
        QCOMPARE(storedValue, QString("sk-secret"));
        QVERIFY(!page->applyButton()->isEnabled()); // waiting for the keychain
        QVERIFY(!readConfig().contains("master_key"));
        pending(QString());
        QVERIFY(page->applyButton()->isEnabled());
        QVERIFY(readConfig().endsWith("general_settings:\n  master_key: keychain/SWITCHYARD_MASTER_KEY\n"));
        QVERIFY(!readConfig().contains("sk-secret"));
        QVERIFY(page->currentKey()->text().contains("keychain/SWITCHYARD_MASTER_KEY"));

        // A keychain that refuses: nothing is written.
        const QByteArray before = readConfig();
        page->masterKeyEdit()->setText("sk-other");
        page->applyButton()->click();
        pending("no keyring");
        QVERIFY(page->status()->text().contains("no keyring"));
        QCOMPARE(readConfig(), before);
    }

    void requestLogFiltersFromItsControls()
    {
        makeMonitor(false);
        testing::ScriptedGateway gateway(*m_monitor, *m_clock);
        DeploymentSnapshot a;
        a.id = a.group = a.backendModel = "alpha";
        a.apiBase = "http://127.0.0.1:1234/v1";
        DeploymentSnapshot b = a;
        b.id = b.group = b.backendModel = "beta";
        gateway.addDeployment(a, 0.2);
        gateway.addDeployment(b, 0.2);
        gateway.addKey({"", "", 1});
        gateway.addKey({"h1", "laptop", 1});
        gateway.start();
        DashboardWindow window(*m_monitor, configPath(), {});
        window.showPage(DashboardWindow::Requests);
        window.show();
        gateway.run(3, [](int) { return 100; });
        RequestLogPage* page = window.requests();
        QCOMPARE(page->filter()->rowCount(), 300);
        QCOMPARE(page->keyFilter()->count(), 3); // all, master key, laptop
        QCOMPARE(page->modelFilter()->count(), 3); // all, alpha, beta
        page->keyFilter()->setCurrentIndex(page->keyFilter()->findText("laptop"));
        page->modelFilter()->setCurrentIndex(page->modelFilter()->findText("beta"));
        page->statusFilter()->setCurrentIndex(page->statusFilter()->findText("Failed"));
        const int shown = page->filter()->rowCount();
        QVERIFY(shown > 0 && shown < 100);
        for (int row = 0; row < shown; ++row) {
            const QModelIndex i = page->filter()->index(row, 0);
            QCOMPARE(i.data(RequestLogModel::KeyRole).toString(), QString("h1"));
            QCOMPARE(i.data(RequestLogModel::ModelRole).toString(), QString("beta"));
            QVERIFY(i.data(RequestLogModel::StatusRole).toInt() >= 400);
        }
        // The filter holds while new requests arrive.
        gateway.run(1, [](int) { return 100; });
        QVERIFY(page->filter()->rowCount() >= shown);
    }

    // Issue #18: search, a plain count, a pause, and each request in full.
    void requestLogSearchesPausesAndShowsARequestInFull()
    {
        makeMonitor(false);
        testing::ScriptedGateway gateway(*m_monitor, *m_clock);
        DeploymentSnapshot a;
        a.id = a.group = a.backendModel = "alpha";
        a.apiBase = "http://127.0.0.1:1234/v1";
        gateway.addDeployment(a, 0.2);
        gateway.addKey({"h1", "laptop", 1});
        gateway.start();
        DashboardWindow window(*m_monitor, configPath(), {});
        window.showPage(DashboardWindow::Requests);
        window.show();
        gateway.run(2, [](int) { return 50; });
        RequestLogPage* page = window.requests();
        QCOMPARE(page->count()->text(), QString("100 requests")); // not "of the last 1000": no filter is on

        // The full error message, in the table's tooltip and in the detail.
        page->search()->setText("CONNECT TO THE BACKEND");
        const int failed = page->filter()->rowCount();
        QVERIFY(failed > 0 && failed < 100);
        QCOMPARE(page->count()->text(), QString("%1 of 100 requests match").arg(failed));
        const QModelIndex error = page->filter()->index(0, RequestLogModel::Error);
        QVERIFY(error.data(Qt::ToolTipRole).toString().startsWith("Could not connect to the backend at"));
        page->view()->setCurrentIndex(page->filter()->index(0, 0));
        const QString detail = page->detail()->toPlainText();
        QVERIFY2(detail.contains("Could not connect to the backend at http://127.0.0.1:1234/v1: Connection refused"),
                 qPrintable(detail));
        QVERIFY(detail.contains("3 (retries: 2, fallbacks: none)"));
        QVERIFY(detail.contains("openai dialect, chat/completions"));
        QVERIFY(detail.contains("alpha at http://127.0.0.1:1234/v1"));
        QVERIFY(detail.contains("demo-")); // the request id
        page->search()->clear();

        // Paused: rows stay where they are; new requests wait, and come in on resume.
        page->pauseButton()->click();
        const QString top
            = page->filter()->index(0, RequestLogModel::Time).data(RequestLogModel::SearchRole).toString();
        gateway.run(1, [](int) { return 30; });
        QCOMPARE(page->filter()->rowCount(), 100);
        QCOMPARE(page->filter()->index(0, 0).data(RequestLogModel::SearchRole).toString(), top);
        QCOMPARE(page->pauseButton()->text(), QString("Resume (30 new)"));
        page->pauseButton()->click();
        QCOMPARE(page->filter()->rowCount(), 130);
        QCOMPARE(page->pauseButton()->text(), QString("Pause"));
    }

    void modelsPageShowsGroupsAndChecksNow()
    {
        makeMonitor(false);
        testing::ScriptedGateway gateway(*m_monitor, *m_clock);
        DeploymentSnapshot a;
        a.id = "a1";
        a.group = "chat";
        a.backendModel = "qwen2.5-7b";
        a.apiBase = "http://127.0.0.1:1234/v1";
        a.provider = "openai";
        a.rpmLimit = 600;
        a.inputCostPerToken = 0.0000025;
        a.outputCostPerToken = 0.00001;
        a.maxInputTokens = 32768;
        a.healthChecked = true;
        DeploymentSnapshot b = a;
        b.id = "a2";
        b.apiBase = "http://127.0.0.1:1235/v1";
        b.inputCostPerToken = b.outputCostPerToken = 0;
        b.healthChecked = false;
        gateway.addDeployment(a);
        gateway.addDeployment(b);
        gateway.start();
        DashboardWindow window(*m_monitor, configPath(), {});
        window.showPage(DashboardWindow::Models);
        window.show();
        QAbstractItemModel* model = window.models()->view()->model();
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex chat = model->index(0, 0);
        QVERIFY(chat.data().toString().startsWith("chat  ·  2 deployments  ·  simple-shuffle, 2 retries"));
        QCOMPARE(model->rowCount(chat), 2);
        auto cell = [&](int row, int column) { return model->index(row, column, chat).data().toString(); };
        QCOMPARE(cell(0, ModelGroupsModel::Address), QString("127.0.0.1:1234"));
        QCOMPARE(cell(1, ModelGroupsModel::Address), QString("127.0.0.1:1235")); // twins told apart
        QCOMPARE(cell(0, ModelGroupsModel::Rpm), QString("0 of 600"));
        QCOMPARE(cell(0, ModelGroupsModel::Price), QString("$2.50 / 1M · $10.00 / 1M"));
        QCOMPARE(cell(1, ModelGroupsModel::Price), QString("free"));
        QCOMPARE(cell(0, ModelGroupsModel::Context), QString("32,768"));
        QCOMPARE(cell(0, ModelGroupsModel::LastChecked), QString("not yet"));
        QCOMPARE(cell(1, ModelGroupsModel::LastChecked), QString("not checked"));

        QSignalSpy asked(m_monitor.get(), &GatewayMonitor::healthCheckRequested);
        window.models()->view()->setCurrentIndex(model->index(1, 0, chat));
        window.models()->checkButton()->click();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().first().toStringList(), QStringList{"a2"});
        window.models()->view()->setCurrentIndex(chat);
        window.models()->checkButton()->click();
        QCOMPARE(asked.last().first().toStringList(), (QStringList{"a1", "a2"}));
    }

    // Issue #18: at the default size, in German too, no header is cut; widths the user drags stay.
    void tablesFitTheirContentAndRememberWidths()
    {
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        Translations::install(*QCoreApplication::instance(), QLocale(QLocale::German, QLocale::Germany));
        auto restore = qScopeGuard([] {
            for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
                QCoreApplication::removeTranslator(t);
                delete t;
            }
            QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        });
        makeMonitor(true);
        testing::ScriptedGateway gateway(*m_monitor, *m_clock);
        testing::addDemoBackends(gateway);
        testing::addDemoKeys(gateway, *m_keys);
        gateway.start();
        gateway.run(5, [](int) { return 40; });
        QTest::qWait(50); // the key list
        {
            DashboardWindow window(*m_monitor, configPath(), {});
            window.show(); // the default size
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            for (const DashboardWindow::Page page : {DashboardWindow::Overview,
                                                     DashboardWindow::Usage,
                                                     DashboardWindow::Requests,
                                                     DashboardWindow::Keys}) {
                window.showPage(page);
                QTest::qWait(20);
                for (QTableView* table : window.tabs()->currentWidget()->findChildren<QTableView*>()) {
                    if (!table->isVisible() || table->model()->rowCount() == 0)
                        continue;
                    QHeaderView* header = table->horizontalHeader();
                    for (int c = 0; c < header->count() - 1; ++c) { // the last one stretches
                        const QString title = table->model()->headerData(c, Qt::Horizontal).toString();
                        QVERIFY2(header->sectionSize(c) >= header->sectionSizeHint(c) - 1,
                                 qPrintable(QString("%1 cut: %2 < %3")
                                                .arg(title)
                                                .arg(header->sectionSize(c))
                                                .arg(header->sectionSizeHint(c))));
                    }
                }
            }
            window.showPage(DashboardWindow::Requests);
            QTest::qWait(20);
            QHeaderView* header = window.requests()->view()->horizontalHeader();
            header->resizeSection(RequestLogModel::Model, 333); // as the user drags it
            QTRY_VERIFY(QSettings().contains("tables/requests")); // saved a moment later
        }
        DashboardWindow again(*m_monitor, configPath(), {});
        again.showPage(DashboardWindow::Requests);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QTest::qWait(20);
        QCOMPARE(again.requests()->view()->horizontalHeader()->sectionSize(RequestLogModel::Model), 333);
    }

    void chartsFollowTheWindowChoice()
    {
        makeMonitor(false);
        testing::ScriptedGateway gateway(*m_monitor, *m_clock);
        DeploymentSnapshot a;
        a.id = a.group = a.backendModel = "alpha";
        a.apiBase = "http://127.0.0.1:1234/v1";
        gateway.addDeployment(a);
        gateway.start();
        gateway.run(20 * 60, [](int) { return 5; });
        DashboardWindow window(*m_monitor, configPath(), {});
        window.show();
        ChartsPanel* charts = window.overview()->charts();
        QCOMPARE(charts->charts().size(), 4);
        for (const int minutes : {5, 15, 60}) {
            charts->setWindowMinutes(minutes);
            const QLineSeries* requests = charts->charts().at(0).series.at(0);
            QVERIFY(requests->count() > 0);
            QVERIFY(requests->count() <= ChartsPanel::kMaxPoints);
            const qint64 spanMs = qint64(requests->at(requests->count() - 1).x() - requests->at(0).x());
            QVERIFY2(spanMs >= (qMin(minutes, 20) * 60 - 30) * 1000, qPrintable(QString::number(spanMs)));
            QVERIFY(charts->charts().at(2).series.at(1)->count() > 0); // TTFT p95
        }
    }
    // Issue #18: a chart of time to first token leaves gaps where no stream finished, and the
    // error chart shows a rolling rate (not 0 or 100 % per second), 4xx and 5xx apart.
    void chartsLeaveGapsAndRollTheErrorRate()
    {
        DeploymentSnapshot a;
        a.id = a.group = a.backendModel = "alpha";
        a.apiBase = "http://127.0.0.1:1234/v1";
        a.health = BackendHealth::Healthy;
        {
            // Two minutes of traffic, two silent minutes, then two more: no line across the silence.
            makeMonitor(false);
            testing::ScriptedGateway gateway(*m_monitor, *m_clock);
            gateway.addDeployment(a, 0.0);
            gateway.start();
            gateway.run(360, [](int s) { return s >= 120 && s < 240 ? 0 : 2; });
            DashboardWindow window(*m_monitor, configPath(), {});
            window.show();
            ChartsPanel* charts = window.overview()->charts();
            charts->setWindowMinutes(5);
            int points = 0;
            for (QAbstractSeries* any : charts->charts().at(2).chart->series()) {
                const auto* line = qobject_cast<QLineSeries*>(any);
                for (int i = 1; line && i < line->count(); ++i) {
                    const double gapMs = line->at(i).x() - line->at(i - 1).x();
                    QVERIFY2(gapMs <= 5000, qPrintable(QString("a line across %1 s without data").arg(gapMs / 1000)));
                    ++points;
                }
            }
            QVERIFY(points > 100);
        }
        // One request a second, one in ten failing: about 10 %, never jumping to 100 % and back.
        makeMonitor(false);
        testing::ScriptedGateway gateway(*m_monitor, *m_clock);
        gateway.addDeployment(a, 0.1);
        gateway.start();
        gateway.run(420, [](int) { return 1; });
        DashboardWindow window(*m_monitor, configPath(), {});
        window.show();
        ChartsPanel* charts = window.overview()->charts();
        charts->setWindowMinutes(5);
        QStringList names;
        double highest = 0;
        int points = 0;
        for (QAbstractSeries* any : charts->charts().at(3).chart->series()) {
            const auto* line = qobject_cast<QLineSeries*>(any);
            names << any->name();
            for (int i = 0; line && i < line->count(); ++i) {
                highest = qMax(highest, line->at(i).y());
                ++points;
            }
        }
        QVERIFY(points > 250);
        QVERIFY2(highest < 40, qPrintable(QString::number(highest)));
        QVERIFY2(names.contains("Client errors (4xx)") && names.contains("Server errors (5xx)"),
                 qPrintable(names.join(", ")));
    }

    void serversPageActsOnEachRowAndShowsItsLog()
    {
        makeMonitor(false);
        testing::FakeServerControl servers;
        ServerEntry ollama{"ollama", "ollama", 11434, ServerEntry::State::Ready, {}, "/logs/ollama.log"};
        ollama.pid = 4242;
        ollama.since = QDateTime::currentDateTimeUtc().addSecs(-3725);
        ollama.models = {"llama-3.1-8b"};
        ollama.commandLine = {"/usr/bin/ollama", "serve"};
        servers.list
            = {ollama, {"qwen", "llamacpp", 8081, ServerEntry::State::Crashed, "exited with code 1\nmore", {}}};
        servers.logs["ollama"] = "listening on 127.0.0.1:11434\nloaded llama3.1:8b\n";
        UiServices services;
        services.serverControl = &servers;
        DashboardWindow window(*m_monitor, configPath(), services);
        window.showPage(DashboardWindow::Servers);
        window.show();
        ServersPage* page = window.servers();
        QStringList opened;
        bool opens = true;
        page->setLogOpener([&](const QString& path) {
            opened << path;
            return opens;
        });
        QAbstractItemModel* model = page->view()->model();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, ServerTableModel::State).data().toString(), QString("ready"));
        QCOMPARE(model->index(0, ServerTableModel::Pid).data().toString(), QString("4242"));
        QCOMPARE(model->index(0, ServerTableModel::Uptime).data().toString(), QString("1 h 2 min"));
        QCOMPARE(model->index(0, ServerTableModel::Models).data().toString(), QString("llama-3.1-8b"));
        QCOMPARE(model->index(1, ServerTableModel::State).data().toString(), QString("crashed"));
        QCOMPARE(model->index(1, ServerTableModel::LastError).data().toString(), QString("exited with code 1"));

        // Each row has its own buttons: no need to select it first.
        QVERIFY(!page->rowButton(0, "start")->isEnabled());
        QVERIFY(page->rowButton(0, "stop")->isEnabled());
        QVERIFY(page->rowButton(1, "start")->isEnabled());
        page->rowButton(1, "start")->click();
        QCOMPARE(servers.calls, QStringList{"start:qwen"});
        page->rowButton(0, "stop")->click();
        QCOMPARE(servers.calls, (QStringList{"start:qwen", "stop:ollama"}));
        // The state arrived through serversChanged(); the buttons follow.
        QCOMPARE(model->index(0, ServerTableModel::State).data().toString(), QString("stopped"));
        QVERIFY(page->rowButton(0, "start")->isEnabled());
        QVERIFY(!page->rowButton(0, "stop")->isEnabled());
        QVERIFY(page->rowButton(1, "stop")->isEnabled()); // it started
        servers.setState("qwen", ServerEntry::State::Starting);
        QVERIFY(!page->rowButton(1, "restart")->isEnabled()); // wait for it to get somewhere

        // The first server is chosen: its log shows, and opening it says what happened.
        QCOMPARE(page->logPane()->toPlainText(), QString("listening on 127.0.0.1:11434\nloaded llama3.1:8b"));
        servers.logs["ollama"] += "stopping\n";
        page->refreshLog();
        QVERIFY(page->logPane()->toPlainText().endsWith("stopping"));
        page->logButton()->click();
        QCOMPARE(opened, QStringList{"/logs/ollama.log"});
        QVERIFY(page->message()->text().startsWith("Opened"));
        opens = false;
        page->logButton()->click();
        QVERIFY2(page->message()->text().contains("/logs/ollama.log"), qPrintable(page->message()->text()));
        QVERIFY(page->message()->text().startsWith("No application"));

        page->view()->selectRow(1);
        QVERIFY(!page->logButton()->isEnabled()); // no log file
        QVERIFY(page->logPane()->toPlainText().isEmpty());
    }

    void serversPageWithoutControl()
    {
        makeMonitor(false);
        DashboardWindow window(*m_monitor, configPath(), {});
        QCOMPARE(window.servers()->view()->model()->rowCount(), 0);
        QVERIFY(!window.servers()->logButton()->isEnabled());
    }
};

QTEST_MAIN(TestDashboard)
#include "TestDashboard.moc"
