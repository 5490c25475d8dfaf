#include "ui/TrayController.h"

#include "gateway/GatewayHost.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>

namespace sy {

namespace {

// A template-style (monochrome) glyph: two rails joined by a switch.
QIcon trayIcon()
{
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(Qt::black, 6, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(12, 14, 12, 50);
    p.drawLine(52, 14, 52, 50);
    p.drawLine(12, 20, 52, 44);
    QIcon icon(pixmap);
    icon.setIsMask(true); // rendered as a template image in the macOS menu bar
    return icon;
}

} // namespace

TrayController::TrayController(GatewayHost& host, const QString& configPath, QObject* parent)
    : QObject(parent)
    , m_host(host)
    , m_tray(new QSystemTrayIcon(trayIcon(), this))
    , m_menu(new QMenu)
{
    m_status = m_menu->addAction(tr("Starting…"));
    m_status->setEnabled(false);
    m_copyUrl = m_menu->addAction(tr("Copy Base URL"));
    m_copyUrl->setEnabled(false);
    connect(m_copyUrl, &QAction::triggered, this, [this] {
        if (!m_urls.isEmpty())
            QGuiApplication::clipboard()->setText(m_urls.constFirst());
    });
    QAction* config = m_menu->addAction(tr("Config: %1").arg(configPath));
    config->setEnabled(false);
    m_reload = m_menu->addAction(tr("Reload Config"));
    connect(m_reload, &QAction::triggered, this, &TrayController::reloadRequested);
    m_menu->addSeparator();
    QAction* quit = m_menu->addAction(tr("Quit Switchyard"));
    connect(quit, &QAction::triggered, this, &TrayController::quitRequested);
    m_tray->setContextMenu(m_menu);
    m_tray->setToolTip(tr("Switchyard"));
    m_tray->show();

    connect(&m_host, &GatewayHost::started, this, &TrayController::onStarted);
    connect(&m_host, &GatewayHost::startFailed, this, &TrayController::showProblem);
}

TrayController::~TrayController()
{
    delete m_menu;
}

void TrayController::onStarted(quint16, const QStringList& urls)
{
    m_urls = urls;
    m_status->setText(tr("Serving on %1").arg(urls.value(0)));
    m_copyUrl->setEnabled(!urls.isEmpty());
    m_tray->setToolTip(tr("Switchyard: %1").arg(urls.value(0)));
}

void TrayController::showReloaded()
{
    m_tray->showMessage(tr("Switchyard"), tr("Config reloaded."), QSystemTrayIcon::Information, 3000);
}

void TrayController::showReloadRejected(const QString& message)
{
    m_tray->showMessage(tr("Config not reloaded"),
                        tr("The previous config keeps serving.\n%1").arg(message.left(400)),
                        QSystemTrayIcon::Warning);
}

void TrayController::showDefaultConfigWritten(const QString& path)
{
    m_tray->showMessage(tr("Switchyard"),
                        tr("No config found: wrote a default one to %1. It serves the models of LM Studio, "
                           "Ollama, llama.cpp and vLLM running on this machine.")
                            .arg(path),
                        QSystemTrayIcon::Information);
}

void TrayController::showProblem(const QString& message)
{
    m_status->setText(tr("Error: %1").arg(message.left(120)));
    m_tray->setToolTip(tr("Switchyard: error"));
    m_tray->showMessage(tr("Switchyard"), message, QSystemTrayIcon::Warning);
}

} // namespace sy
