#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace sy {

/**
 * Shows a newly created key's secret, the only time anyone sees it, with a copy button. The
 * text is not kept anywhere once the dialog closes.
 */
class NewKeyDialog : public QDialog
{
    Q_OBJECT

public:
    NewKeyDialog(const QString& alias, const QString& secret, QWidget* parent = nullptr);
    ~NewKeyDialog() override;

    QPushButton* copyButton() const { return m_copy; }
    QLineEdit* secretField() const { return m_secret; }

private:
    QLineEdit* m_secret;
    QPushButton* m_copy;
};

} // namespace sy
