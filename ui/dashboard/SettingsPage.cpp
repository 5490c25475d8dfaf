#include "ui/dashboard/SettingsPage.h"

#include "gateway/config/ConfigFileEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

bool isLoopback(const QString& host)
{
    return host == u"localhost" || host.startsWith(u"127.") || host == u"::1";
}

bool isReference(const QString& value)
{
    return value.startsWith(u"os.environ/") || value.startsWith(u"keychain/") || value.contains(u"${");
}

} // namespace

SettingsPage::SettingsPage(const QString& configPath, UiServices::SecretWriter writeSecret, QWidget* parent)
    : QWidget(parent)
    , m_path(configPath)
    , m_writeSecret(std::move(writeSecret))
    , m_port(new QSpinBox(this))
    , m_host(new QComboBox(this))
    , m_hostHint(new QLabel(this))
    , m_masterKey(new QLineEdit(this))
    , m_currentKey(new QLabel(this))
    , m_keychain(new QCheckBox(tr("Store the new key in the keychain, not in the file"), this))
    , m_apply(new QPushButton(tr("Save to Config File"), this))
    , m_status(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);

    auto* gateway = new QGroupBox(tr("Gateway"), this);
    auto* form = new QFormLayout(gateway);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port")); // 0, as gateway.port: 0 means
    m_port->setMaximumWidth(120);
    m_host->setMinimumWidth(220);
    m_host->setMaximumWidth(320);
    m_masterKey->setMaximumWidth(480);
    form->addRow(tr("Port:"), m_port);
    m_host->setEditable(true);
    m_host->addItems({u"localhost"_s, u"0.0.0.0"_s, u"::"_s});
    m_host->setToolTip(tr("Or type one of this computer's IP addresses."));
    form->addRow(tr("Bind address:"), m_host);
    m_hostHint->setForegroundRole(QPalette::PlaceholderText);
    m_hostHint->setWordWrap(true);
    form->addRow(QString(), m_hostHint);
    connect(m_host, &QComboBox::currentTextChanged, this, &SettingsPage::updateHostHint);

    m_masterKey->setEchoMode(QLineEdit::Password);
    m_masterKey->setPlaceholderText(tr("unchanged"));
    auto* show = new QCheckBox(tr("Show"), this);
    connect(show, &QCheckBox::toggled, this, [this](bool on) {
        m_masterKey->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
    });
    auto* generate = new QPushButton(tr("Generate"), this);
    connect(generate, &QPushButton::clicked, this, &SettingsPage::generateKey);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_masterKey, 1);
    keyRow->addWidget(show);
    keyRow->addWidget(generate);
    keyRow->addStretch();
    form->addRow(tr("Master key:"), keyRow);
    m_currentKey->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), m_currentKey);
    m_keychain->setChecked(bool(m_writeSecret));
    m_keychain->setEnabled(bool(m_writeSecret));
    if (!m_writeSecret)
        m_keychain->setToolTip(tr("No keychain is available: the key is written into the config file."));
    form->addRow(QString(), m_keychain);
    // Where a key goes is a choice only for a new one (issue #18: a ticked box next to "written in
    // the file in plain text" read as a contradiction).
    m_keychain->setVisible(false);
    connect(m_masterKey, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_keychain->setVisible(!text.isEmpty());
    });
    layout->addWidget(gateway);

    auto* save = new QHBoxLayout;
    save->addWidget(m_apply);
    save->addWidget(m_status, 1);
    m_status->setWordWrap(true);
    layout->addLayout(save);
    connect(m_apply, &QPushButton::clicked, this, &SettingsPage::apply);

    auto* file = new QGroupBox(tr("Config file"), this);
    auto* fileLayout = new QVBoxLayout(file);
    auto* path = new QLabel(QDir::toNativeSeparators(QFileInfo(m_path).absoluteFilePath()), file);
    path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    path->setWordWrap(true);
    fileLayout->addWidget(path);
    auto* note = new QLabel(tr("Switchyard reloads the file whenever it changes: models, keys and limits apply without "
                               "a restart. Requests under way finish with the settings they started with."),
                            file);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    fileLayout->addWidget(note);
    auto* buttons = new QHBoxLayout;
    auto* open = new QPushButton(tr("Open in Editor"), file);
    auto* reveal = new QPushButton(tr("Show in Folder"), file);
    buttons->addWidget(open);
    buttons->addWidget(reveal);
    buttons->addStretch();
    fileLayout->addLayout(buttons);
    connect(open, &QPushButton::clicked, this, &SettingsPage::openInEditor);
    connect(reveal, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_path).absolutePath()));
    });
    layout->addWidget(file);
    layout->addStretch();
}

void SettingsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_busy)
        load();
}

void SettingsPage::load()
{
    QString error;
    const std::optional<ConfigFileEditor> editor = ConfigFileEditor::load(m_path, &error);
    if (!editor) {
        setStatus(tr("Cannot read the config file: %1").arg(error), true);
        return;
    }
    m_port->setValue(editor->value("gateway", "port").value_or(u"4000"_s).toInt());
    const QString host = editor->value("gateway", "host").value_or(u"localhost"_s);
    m_host->setEditText(host);
    updateHostHint();
    const std::optional<QString> key = editor->value("general_settings", "master_key");
    m_hasMasterKey = key && !key->isEmpty();
    m_masterKey->clear();
    if (!m_hasMasterKey)
        m_currentKey->setText(tr("No master key: only this computer can use the gateway."));
    else if (isReference(*key))
        m_currentKey->setText(tr("Now read from %1.").arg(*key));
    else
        m_currentKey->setText(m_writeSecret ? tr("Now written in the file in plain text. Type a new one to keep it in "
                                                 "the keychain instead.")
                                            : tr("Now written in the file in plain text."));
}

void SettingsPage::apply()
{
    if (m_busy)
        return;
    const QString host = m_host->currentText().trimmed();
    const QString key = m_masterKey->text();
    if (!ConfigFileEditor::isValidHost(host)) {
        setStatus(tr("The bind address must be localhost, 0.0.0.0, :: or an IP address of this computer."), true);
        return;
    }
    if (!isLoopback(host) && !m_hasMasterKey && key.isEmpty()) {
        setStatus(tr("Listening beyond this computer needs a master key: anyone on the network could use your "
                     "backends. Set one first."),
                  true);
        return;
    }
    if (key.isEmpty() || !m_keychain->isChecked() || !m_writeSecret) {
        write(key);
        return;
    }
    // The keychain answers asynchronously; the file is written once the key is safely stored.
    m_busy = true;
    m_apply->setEnabled(false);
    setStatus(tr("Storing the master key in the keychain…"), false);
    const QString name = QString::fromUtf16(kMasterKeySecret);
    m_writeSecret(name, key, [self = QPointer<SettingsPage>(this), name](const QString& error) {
        if (!self)
            return;
        self->m_busy = false;
        self->m_apply->setEnabled(true);
        if (!error.isEmpty()) {
            self->setStatus(tr("The keychain refused the key (%1). Nothing was changed.").arg(error), true);
            return;
        }
        self->write(u"keychain/"_s + name);
    });
}

void SettingsPage::write(const QString& masterKeyValue)
{
    const QString host = m_host->currentText().trimmed();
    QString error;
    std::optional<ConfigFileEditor> editor = ConfigFileEditor::load(m_path, &error);
    const bool ok = editor && editor->setGatewayPort(m_port->value(), &error) && editor->setGatewayHost(host, &error)
        && (masterKeyValue.isEmpty() || editor->setMasterKey(masterKeyValue, &error)) && editor->save(m_path, &error);
    if (!ok) {
        setStatus(tr("Not saved: %1").arg(error), true);
        return;
    }
    setStatus(tr("Saved. Switchyard applies the change as it reloads the file."), false);
    load();
    emit applied();
}

void SettingsPage::updateHostHint()
{
    const QString host = m_host->currentText().trimmed();
    if (isLoopback(host))
        m_hostHint->setText(tr("This computer only."));
    else if (host == u"0.0.0.0" || host == u"::" || host == u"*")
        m_hostHint->setText(tr("Every network this computer is on: the LAN and Tailscale. Needs a master key."));
    else if (ConfigFileEditor::isValidHost(host))
        m_hostHint->setText(tr("Only this address. Needs a master key."));
    else
        m_hostHint->setText(tr("Not an IP address."));
}

void SettingsPage::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText, error ? QColor(0xd1, 0x24, 0x2f) : palette().color(QPalette::WindowText));
    m_status->setPalette(p);
}

void SettingsPage::openInEditor()
{
#ifdef Q_OS_MACOS
    // `open -t` uses the default text editor; a .yaml file may otherwise open in Xcode or not at all.
    if (QProcess::startDetached(u"/usr/bin/open"_s, {u"-t"_s, m_path}))
        return;
#endif
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(m_path)))
        setStatus(tr("No application opens %1; open it in your editor.").arg(m_path), true);
}

void SettingsPage::generateKey()
{
    // 32 random bytes as hex after "sk-", the shape LiteLLM's keys have.
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
    m_masterKey->setText(u"sk-"_s + QString::fromLatin1(bytes.toHex()));
    m_masterKey->setEchoMode(QLineEdit::Normal);
}

} // namespace sy
