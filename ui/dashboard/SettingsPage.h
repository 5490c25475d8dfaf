#pragma once

#include "ui/UiServices.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace sy {

/**
 * Port, bind address and master key, written into the user's config file with minimal text
 * edits (ConfigFileEditor): comments and layout stay. The file watcher then reloads the config,
 * so a change applies within a second. A master key typed here goes to the OS keychain
 * (`keychain/SWITCHYARD_MASTER_KEY` in the file) when a keychain is available, else into the
 * file as it is. Also: where the config file is, and a button to open it in an editor.
 */
class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    /** The keychain item the master key is stored under. */
    static constexpr char16_t kMasterKeySecret[] = u"SWITCHYARD_MASTER_KEY";

    SettingsPage(const QString& configPath, UiServices::SecretWriter writeSecret, QWidget* parent = nullptr);

    /** Rereads the file into the fields. */
    void load();
    /** Validates and writes the fields to the file; the result shows in status(). */
    void apply();

    QSpinBox* portEdit() const { return m_port; }
    QComboBox* hostEdit() const { return m_host; }
    QLineEdit* masterKeyEdit() const { return m_masterKey; }
    QCheckBox* keychainBox() const { return m_keychain; }
    QPushButton* applyButton() const { return m_apply; }
    QLabel* status() const { return m_status; }
    QLabel* currentKey() const { return m_currentKey; }

signals:
    /** The file was written. */
    void applied();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void write(const QString& masterKeyValue);
    void setStatus(const QString& text, bool error);
    void openInEditor();
    void generateKey();
    void updateHostHint();

    QString m_path;
    UiServices::SecretWriter m_writeSecret;
    QSpinBox* m_port;
    QComboBox* m_host;
    QLabel* m_hostHint;
    QLineEdit* m_masterKey;
    QLabel* m_currentKey;
    QCheckBox* m_keychain;
    QPushButton* m_apply;
    QLabel* m_status;
    bool m_hasMasterKey = false;
    bool m_busy = false;
};

} // namespace sy
