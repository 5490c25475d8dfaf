#include "ui/dashboard/TryPage.h"

#include "gateway/config/ConfigFileEditor.h"
#include "ui/GatewayMonitor.h"
#include "ui/models/Format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// The response headers that tell how a request was served, in the order shown.
const QList<QByteArray> kServedHeaders = {"x-litellm-model-group",
                                          "x-litellm-model-id",
                                          "x-litellm-model-api-base",
                                          "x-switchyard-attempts",
                                          "x-litellm-attempted-retries",
                                          "x-litellm-attempted-fallbacks",
                                          "x-litellm-overhead-duration-ms"};

QString contentOf(const QJsonObject& chunk, bool stream)
{
    const QJsonObject choice = chunk.value(u"choices"_s).toArray().at(0).toObject();
    return choice.value(stream ? u"delta"_s : u"message"_s).toObject().value(u"content"_s).toString();
}

} // namespace

TryPage::TryPage(GatewayMonitor& monitor, const QString& configPath, QWidget* parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_configPath(configPath)
    , m_net(new QNetworkAccessManager(this))
    , m_model(new QComboBox(this))
    , m_key(new QLineEdit(this))
    , m_stream(new QCheckBox(tr("Stream"), this))
    , m_prompt(new QPlainTextEdit(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_stop(new QPushButton(tr("Stop"), this))
    , m_answer(new QPlainTextEdit(this))
    , m_served(new QLabel(this))
    , m_timing(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_model->setMinimumWidth(240);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model);
    modelRow->addWidget(m_stream);
    modelRow->addStretch();
    form->addRow(tr("Model:"), modelRow);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("The master key or a virtual key (sk-…); empty when none is needed"));
    m_key->setMaximumWidth(520);
    form->addRow(tr("Key:"), m_key);
    layout->addLayout(form);

    m_prompt->setPlaceholderText(tr("Say hello in five words."));
    m_prompt->setPlainText(tr("Say hello in five words."));
    m_prompt->setMaximumHeight(90);
    layout->addWidget(m_prompt);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_timing, 1);
    layout->addLayout(buttons);

    m_answer->setReadOnly(true);
    m_answer->setPlaceholderText(tr("The answer appears here as it streams."));
    m_served->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_served->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_served->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* servedBox = new QGroupBox(tr("How it was served"), this);
    auto* servedLayout = new QVBoxLayout(servedBox);
    servedLayout->addWidget(m_served, 1);
    servedBox->setMinimumWidth(QFontMetrics(m_served->font()).horizontalAdvance(QLatin1Char('x')) * 56);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_answer);
    split->addWidget(servedBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    m_stream->setChecked(true);
    m_stop->setEnabled(false);
    connect(m_send, &QPushButton::clicked, this, &TryPage::send);
    connect(m_stop, &QPushButton::clicked, this, &TryPage::stop);
    connect(m_key, &QLineEdit::textEdited, this, [this] { m_keyTouched = true; });
    connect(&m_monitor, &GatewayMonitor::snapshotUpdated, this, &TryPage::updateModels);
    updateModels();
}

TryPage::~TryPage()
{
    if (m_reply)
        m_reply->abort();
}

void TryPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    prefillKey();
}

void TryPage::prefillKey()
{
    // A master key written in the file (or in the environment) is offered; one in the keychain
    // is not read here: the user pastes it, or a virtual key.
    if (m_keyTouched || !m_key->text().isEmpty() || m_configPath.isEmpty())
        return;
    QString error;
    const std::optional<ConfigFileEditor> editor = ConfigFileEditor::load(m_configPath, &error);
    const QString value = editor ? editor->value("general_settings", "master_key").value_or(QString()) : QString();
    if (value.startsWith(u"os.environ/"))
        m_key->setText(qEnvironmentVariable(value.mid(11).toLocal8Bit().constData()));
    else if (!value.startsWith(u"keychain/") && !value.contains(u"${"))
        m_key->setText(value);
}

void TryPage::updateModels()
{
    const QStringList groups = m_monitor.snapshot()->groups;
    QStringList shown;
    for (int i = 0; i < m_model->count(); ++i)
        shown << m_model->itemText(i);
    if (groups == shown)
        return;
    const QString current = m_model->currentText();
    const QSignalBlocker block(m_model);
    m_model->clear();
    m_model->addItems(groups);
    m_model->setCurrentIndex(qMax(0, m_model->findText(current)));
}

QString TryPage::baseUrl() const
{
    const QStringList urls = m_monitor.baseUrls();
    for (const QString& url : urls) {
        const QString host = QUrl(url).host();
        if (host == u"127.0.0.1" || host == u"localhost" || host == u"::1")
            return url;
    }
    return urls.value(0);
}

void TryPage::send()
{
    if (m_reply || m_model->currentText().isEmpty())
        return;
    const QString base = baseUrl();
    if (base.isEmpty()) {
        m_timing->setText(tr("The gateway is not listening."));
        return;
    }
    const bool stream = m_stream->isChecked();
    const QJsonObject body{
        {u"model"_s, m_model->currentText()},
        {u"stream"_s, stream},
        {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, m_prompt->toPlainText()}}}}};
    QNetworkRequest request(QUrl(base + u"/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_key->text().isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_key->text().toUtf8());
    m_answer->clear();
    m_served->clear();
    m_buffer.clear();
    m_firstTokenMs = -1;
    m_timing->setText(tr("Waiting for the first token…"));
    m_clock.start();
    m_reply = m_net->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &TryPage::onHead);
    connect(m_reply, &QNetworkReply::readyRead, this, &TryPage::onData);
    connect(m_reply, &QNetworkReply::finished, this, &TryPage::onFinished);
    m_send->setEnabled(false);
    m_stop->setEnabled(true);
}

void TryPage::stop()
{
    if (m_reply)
        m_reply->abort(); // finished() follows
}

void TryPage::onHead()
{
    if (m_reply)
        showHead(*m_reply);
}

void TryPage::showHead(const QNetworkReply& reply)
{
    const QVariant status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return; // no answer at all (refused, aborted): the error says why
    QStringList lines{tr("HTTP %1").arg(status.toInt())};
    for (const QByteArray& name : kServedHeaders) {
        if (reply.hasRawHeader(name))
            lines << u"%1: %2"_s.arg(QString::fromLatin1(name), QString::fromUtf8(reply.rawHeader(name)));
    }
    m_served->setText(lines.join(u'\n'));
}

void TryPage::onData()
{
    m_buffer += m_reply->readAll();
    if (!m_stream->isChecked()
        || !m_reply->header(QNetworkRequest::ContentTypeHeader).toString().contains(u"event-stream"))
        return; // a whole JSON answer (or an error) is read at the end
    qsizetype end;
    while ((end = m_buffer.indexOf("\n\n")) >= 0) {
        const QByteArray event = m_buffer.left(end);
        m_buffer.remove(0, end + 2);
        for (const QByteArray& line : event.split('\n')) {
            if (line.startsWith("data:"))
                takeEvent(line.mid(5).trimmed());
        }
    }
}

void TryPage::takeEvent(const QByteArray& data)
{
    if (data == "[DONE]")
        return;
    const QJsonObject chunk = QJsonDocument::fromJson(data).object();
    if (chunk.contains(u"error"_s)) {
        m_answer->appendPlainText(
            tr("Error: %1").arg(chunk.value(u"error"_s).toObject().value(u"message"_s).toString()));
        return;
    }
    const QString piece = contentOf(chunk, true);
    if (piece.isEmpty())
        return;
    if (m_firstTokenMs < 0) {
        m_firstTokenMs = m_clock.elapsed();
        m_timing->setText(tr("First token after %1").arg(Format::duration(double(m_firstTokenMs))));
    }
    m_answer->moveCursor(QTextCursor::End);
    m_answer->insertPlainText(piece);
}

void TryPage::onFinished()
{
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    showHead(*reply);
    const QByteArray rest = reply->readAll();
    m_buffer += rest;
    const QJsonObject json = QJsonDocument::fromJson(m_buffer).object();
    if (json.contains(u"error"_s))
        m_answer->setPlainText(tr("Error: %1").arg(json.value(u"error"_s).toObject().value(u"message"_s).toString()));
    else if (json.contains(u"choices"_s))
        m_answer->setPlainText(contentOf(json, false));
    else if (reply->error() != QNetworkReply::NoError && m_answer->toPlainText().isEmpty())
        m_answer->setPlainText(tr("Error: %1").arg(reply->errorString()));
    const QString total = tr("%1 in all").arg(Format::duration(double(m_clock.elapsed())));
    m_timing->setText(m_firstTokenMs >= 0
                          ? tr("First token after %1, %2").arg(Format::duration(double(m_firstTokenMs)), total)
                          : total);
    m_send->setEnabled(true);
    m_stop->setEnabled(false);
    reply->deleteLater();
    emit finished();
}

} // namespace sy
