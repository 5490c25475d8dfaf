#pragma once

#include "ui/keys/KeyInfo.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace sy {

/**
 * Creates a key (a name and limits) or changes an existing key's limits. Every limit is
 * optional: 0 reads "unlimited". The dialog only collects; KeysPage sends the result.
 */
class KeyEditDialog : public QDialog
{
    Q_OBJECT

public:
    /** @p existing: edit that key's limits (its name is fixed); null: create a key. */
    KeyEditDialog(const KeyInfo* existing, const QStringList& knownModels, QWidget* parent = nullptr);

    QString alias() const;
    KeyLimits limits() const;

    QLineEdit* aliasEdit() const { return m_alias; }
    QLineEdit* modelsEdit() const { return m_models; }
    QSpinBox* rpmEdit() const { return m_rpm; }
    QDoubleSpinBox* budgetEdit() const { return m_budget; }

private:
    QLineEdit* m_alias;
    QLineEdit* m_models;
    QSpinBox* m_rpm;
    QSpinBox* m_tpm;
    QSpinBox* m_parallel;
    QDoubleSpinBox* m_budget;
    QComboBox* m_period;
    QCheckBox* m_expires;
    QDateTimeEdit* m_expiry;
};

} // namespace sy
