#include "ui/dashboard/NewKeyDialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sy {

NewKeyDialog::NewKeyDialog(const QString& alias, const QString& secret, QWidget* parent)
    : QDialog(parent)
    , m_secret(new QLineEdit(secret, this))
    , m_copy(new QPushButton(tr("Copy"), this))
{
    setWindowTitle(tr("New key “%1”").arg(alias));
    setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(this);
    auto* warning
        = new QLabel(tr("Copy this key now. Switchyard keeps only a hash of it: you will not see it again."), this);
    warning->setWordWrap(true);
    layout->addWidget(warning);

    m_secret->setReadOnly(true);
    m_secret->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_secret->setMinimumWidth(m_secret->fontMetrics().horizontalAdvance(secret) + 24);
    auto* row = new QHBoxLayout;
    row->addWidget(m_secret, 1);
    row->addWidget(m_copy);
    layout->addLayout(row);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_secret->text());
        m_copy->setText(tr("Copied"));
    });

    auto* usage = new QLabel(tr("Clients send it as “Authorization: Bearer KEY”, like the master key."), this);
    usage->setWordWrap(true);
    usage->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(usage);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    layout->addWidget(buttons);
}

NewKeyDialog::~NewKeyDialog()
{
    // Overwrite the secret before the widget's memory is freed.
    m_secret->setText(QString(m_secret->text().size(), u'x'));
}

} // namespace sy
