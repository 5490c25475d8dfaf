#include "ui/dashboard/KeyEditDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QSpinBox* limitBox(QWidget* parent, int max, const std::optional<int>& value)
{
    auto* box = new QSpinBox(parent);
    box->setRange(0, max);
    box->setSpecialValueText(KeyEditDialog::tr("Unlimited"));
    box->setValue(value.value_or(0));
    box->setGroupSeparatorShown(true);
    return box;
}

std::optional<int> limitOf(const QSpinBox* box)
{
    return box->value() > 0 ? std::optional<int>(box->value()) : std::nullopt;
}

} // namespace

KeyEditDialog::KeyEditDialog(const KeyInfo* existing, const QStringList& knownModels, QWidget* parent)
    : QDialog(parent)
    , m_alias(new QLineEdit(this))
    , m_models(new QLineEdit(this))
    , m_period(new QComboBox(this))
    , m_expires(new QCheckBox(tr("Expires on"), this))
    , m_expiry(new QDateTimeEdit(this))
{
    const KeyLimits limits = existing ? existing->limits : KeyLimits();
    setWindowTitle(existing ? tr("Limits of “%1”").arg(existing->alias) : tr("Create Key"));
    auto* form = new QFormLayout(this);

    m_alias->setPlaceholderText(tr("e.g. laptop, open-webui, ci"));
    m_alias->setText(existing ? existing->alias : QString());
    m_alias->setEnabled(!existing);
    form->addRow(tr("Name:"), m_alias);

    m_models->setPlaceholderText(tr("All models"));
    m_models->setText(limits.models.join(u", "_s));
    m_models->setToolTip(tr("Model groups this key may use, separated by commas. Known: %1")
                             .arg(knownModels.isEmpty() ? tr("none yet") : knownModels.join(u", "_s)));
    auto* completer = new QCompleter(knownModels, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_models->setCompleter(completer);
    form->addRow(tr("Models:"), m_models);

    m_rpm = limitBox(this, 1'000'000, limits.rpm);
    m_tpm = limitBox(this, 100'000'000, limits.tpm);
    m_parallel = limitBox(this, 10'000, limits.maxParallel);
    form->addRow(tr("Requests per minute:"), m_rpm);
    form->addRow(tr("Tokens per minute:"), m_tpm);
    form->addRow(tr("Parallel requests:"), m_parallel);

    m_budget = new QDoubleSpinBox(this);
    m_budget->setRange(0, 1'000'000);
    m_budget->setDecimals(2);
    m_budget->setPrefix(u"$"_s);
    m_budget->setSpecialValueText(tr("No budget"));
    m_budget->setValue(limits.maxBudget.value_or(0));
    m_period->addItem(tr("Never resets"), QString());
    m_period->addItem(tr("Resets daily"), u"1d"_s);
    m_period->addItem(tr("Resets weekly"), u"7d"_s);
    m_period->addItem(tr("Resets monthly"), u"30d"_s);
    const int period = m_period->findData(limits.budgetPeriod);
    if (period < 0 && !limits.budgetPeriod.isEmpty())
        m_period->addItem(tr("Resets every %1").arg(limits.budgetPeriod), limits.budgetPeriod);
    m_period->setCurrentIndex(qMax(0, m_period->findData(limits.budgetPeriod)));
    auto* budgetRow = new QHBoxLayout;
    budgetRow->addWidget(m_budget, 1);
    budgetRow->addWidget(m_period);
    form->addRow(tr("Budget:"), budgetRow);

    m_expiry->setCalendarPopup(true);
    m_expiry->setDateTime(limits.expiresAt.isValid() ? limits.expiresAt.toLocalTime()
                                                     : QDateTime::currentDateTime().addDays(30));
    m_expires->setChecked(limits.expiresAt.isValid());
    m_expiry->setEnabled(m_expires->isChecked());
    connect(m_expires, &QCheckBox::toggled, m_expiry, &QWidget::setEnabled);
    auto* expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_expires);
    expiryRow->addWidget(m_expiry, 1);
    form->addRow(tr("Expiry:"), expiryRow);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(existing ? tr("Save") : tr("Create"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!existing) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
        connect(m_alias, &QLineEdit::textChanged, this, [buttons](const QString& text) {
            buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
        });
    }
    form->addRow(buttons);
}

QString KeyEditDialog::alias() const
{
    return m_alias->text().trimmed();
}

KeyLimits KeyEditDialog::limits() const
{
    KeyLimits l;
    for (const QString& m : m_models->text().split(u',', Qt::SkipEmptyParts)) {
        if (!m.trimmed().isEmpty())
            l.models << m.trimmed();
    }
    l.rpm = limitOf(m_rpm);
    l.tpm = limitOf(m_tpm);
    l.maxParallel = limitOf(m_parallel);
    if (m_budget->value() > 0)
        l.maxBudget = m_budget->value();
    l.budgetPeriod = m_period->currentData().toString();
    if (m_expires->isChecked())
        l.expiresAt = m_expiry->dateTime().toUTC();
    return l;
}

} // namespace sy
