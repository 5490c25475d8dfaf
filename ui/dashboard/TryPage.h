#pragma once

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;

namespace sy {

class GatewayMonitor;

/**
 * A test box (issue #18), as LM Studio and LiteLLM's UI have: sends a chat to a chosen model
 * with a chosen key, through the gateway's own URL like any client, and shows the streamed
 * answer and the headers that say how it was served (deployment, address, attempts, retries,
 * fallbacks, the gateway's overhead), with time to first token and in all.
 */
class TryPage : public QWidget
{
    Q_OBJECT

public:
    TryPage(GatewayMonitor& monitor, const QString& configPath, QWidget* parent = nullptr);
    ~TryPage() override;

    QComboBox* modelBox() const { return m_model; }
    QLineEdit* keyEdit() const { return m_key; }
    QPlainTextEdit* promptEdit() const { return m_prompt; }
    QCheckBox* streamBox() const { return m_stream; }
    QPushButton* sendButton() const { return m_send; }
    QPlainTextEdit* answer() const { return m_answer; }
    QLabel* served() const { return m_served; }
    bool isBusy() const { return m_reply != nullptr; }

    /** Sends the prompt now (as the Send button does). */
    void send();
    void stop();

signals:
    /** The answer is complete, failed or was stopped. */
    void finished();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void updateModels();
    void prefillKey();
    void onHead();
    void showHead(const QNetworkReply& reply);
    void onData();
    void onFinished();
    void takeEvent(const QByteArray& data);
    QString baseUrl() const;

    GatewayMonitor& m_monitor;
    QString m_configPath;
    QNetworkAccessManager* m_net;
    QComboBox* m_model;
    QLineEdit* m_key;
    QCheckBox* m_stream;
    QPlainTextEdit* m_prompt;
    QPushButton* m_send;
    QPushButton* m_stop;
    QPlainTextEdit* m_answer;
    QLabel* m_served;
    QLabel* m_timing;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    QElapsedTimer m_clock;
    qint64 m_firstTokenMs = -1;
    bool m_keyTouched = false;
};

} // namespace sy
