#include "tests/support/ManualClock.h"
#include "tests/ui/support/FakeKeyManager.h"
#include "tests/ui/support/FakeServerControl.h"
#include "tests/ui/support/ScriptedGateway.h"
#include "ui/GatewayMonitor.h"
#include "ui/dashboard/ChartsPanel.h"
#include "ui/dashboard/DashboardWindow.h"
#include "ui/dashboard/KeyEditDialog.h"
#include "ui/dashboard/KeysPage.h"
#include "ui/dashboard/NewKeyDialog.h"
#include "ui/dashboard/OverviewPage.h"
#include "ui/dashboard/RequestLogPage.h"
#include "ui/dashboard/ServersPage.h"
#include "ui/dashboard/SettingsPage.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/models/RequestLogFilter.h"
#include "ui/models/RequestLogModel.h"
#include "ui/models/ServerTableModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

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
    void serversPageStartsStopsAndOpensLogs()
    {
        makeMonitor(false);
        testing::FakeServerControl servers;
        servers.list = {{"ollama", "ollama", 11434, ServerEntry::State::Ready, {}, "/logs/ollama.log"},
                        {"qwen", "llamacpp", 8081, ServerEntry::State::Crashed, "exited with code 1\nmore", {}}};
        UiServices services;
        services.serverControl = &servers;
        DashboardWindow window(*m_monitor, configPath(), services);
        window.showPage(DashboardWindow::Servers);
        window.show();
        ServersPage* page = window.servers();
        QStringList opened;
        page->setLogOpener([&opened](const QString& path) { opened << path; });
        QAbstractItemModel* model = page->view()->model();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, ServerTableModel::State).data().toString(), QString("ready"));
        QCOMPARE(model->index(1, ServerTableModel::State).data().toString(), QString("crashed"));
        QCOMPARE(model->index(1, ServerTableModel::LastError).data().toString(), QString("exited with code 1"));
        // Nothing selected: nothing to act on.
        QVERIFY(!page->startButton()->isEnabled() && !page->stopButton()->isEnabled());

        page->view()->selectRow(0);
        QVERIFY(!page->startButton()->isEnabled());
        QVERIFY(page->stopButton()->isEnabled());
        page->logButton()->click();
        QCOMPARE(opened, QStringList{"/logs/ollama.log"});
        page->stopButton()->click();
        QCOMPARE(servers.calls, QStringList{"stop:ollama"});
        // The state arrived through serversChanged(); the row stays selected, the buttons follow.
        QCOMPARE(model->index(0, ServerTableModel::State).data().toString(), QString("stopped"));
        QVERIFY(page->startButton()->isEnabled());
        QVERIFY(!page->stopButton()->isEnabled());

        page->view()->selectRow(1);
        QVERIFY(!page->logButton()->isEnabled()); // no log file
        page->restartButton()->click();
        QCOMPARE(servers.calls, (QStringList{"stop:ollama", "restart:qwen"}));
        servers.setState("qwen", ServerEntry::State::Starting);
        QVERIFY(!page->restartButton()->isEnabled()); // wait for it to get somewhere
        QVERIFY(page->stopButton()->isEnabled());
    }

    void serversPageWithoutControl()
    {
        makeMonitor(false);
        DashboardWindow window(*m_monitor, configPath(), {});
        QCOMPARE(window.servers()->view()->model()->rowCount(), 0);
        QVERIFY(!window.servers()->startButton()->isEnabled());
    }
};

QTEST_MAIN(TestDashboard)
#include "TestDashboard.moc"
