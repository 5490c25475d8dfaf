#include "ui/dashboard/KeysPage.h"

#include "ui/GatewayMonitor.h"
#include "ui/dashboard/KeyEditDialog.h"
#include "ui/dashboard/NewKeyDialog.h"
#include "ui/dashboard/TableFit.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/models/KeyListModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace sy {

KeysPage::KeysPage(GatewayMonitor& monitor, QWidget* parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_model(new KeyListModel(monitor.keys(), this))
    , m_stack(new QStackedWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    m_stack->addWidget(makePlaceholder());
    m_stack->addWidget(makeList());
    m_stack->setCurrentIndex(isAvailable() ? 1 : 0);

    if (IKeyManager* manager = m_monitor.keys().manager()) {
        connect(manager, &IKeyManager::keyCreated, this, [this](const KeyInfo& key, const QString& secret) {
            m_message->setText(tr("Created “%1”.").arg(key.alias));
            (new NewKeyDialog(key.alias, secret, this))->open();
        });
        connect(manager, &IKeyManager::keyUpdated, this, [this](const KeyInfo& key) {
            m_message->setText(tr("Saved the limits of “%1”.").arg(key.alias));
        });
        connect(manager, &IKeyManager::keyRevoked, this, [this] { m_message->setText(tr("Key revoked.")); });
        connect(manager, &IKeyManager::operationFailed, this, &KeysPage::showFailure);
    }
}

bool KeysPage::isAvailable() const
{
    return m_monitor.keys().available();
}

QWidget* KeysPage::makePlaceholder()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch();
    auto* title = new QLabel(tr("Virtual keys are not available yet"), page);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    title->setFont(f);
    title->setAlignment(Qt::AlignCenter);
    auto* text = new QLabel(tr("Keys of their own for each client, with limits and budgets, need the key storage "
                               "feature, which this version of Switchyard does not include yet.\n\nUntil then, clients "
                               "use the master key: set it under Settings."),
                            page);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setMaximumWidth(520);
    layout->addWidget(title);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    layout->addStretch();
    page->setObjectName(QStringLiteral("keysPlaceholder"));
    return page;
}

QWidget* KeysPage::makeList()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* bar = new QHBoxLayout;
    m_create = new QPushButton(tr("Create Key…"), page);
    m_edit = new QPushButton(tr("Edit Limits…"), page);
    m_revoke = new QPushButton(tr("Revoke…"), page);
    m_message = new QLabel(page);
    bar->addWidget(m_create);
    bar->addWidget(m_edit);
    bar->addWidget(m_revoke);
    bar->addSpacing(12);
    bar->addWidget(m_message, 1);
    layout->addLayout(bar);

    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(KeyListModel::SortRole);
    m_view = new QTableView(page);
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(KeyListModel::Alias, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    TableFit::apply(m_view, QStringLiteral("keys"));
    layout->addWidget(m_view, 1);

    connect(m_create, &QPushButton::clicked, this, &KeysPage::createKey);
    connect(m_edit, &QPushButton::clicked, this, &KeysPage::editSelected);
    connect(m_revoke, &QPushButton::clicked, this, &KeysPage::revokeSelected);
    connect(m_view, &QAbstractItemView::doubleClicked, this, &KeysPage::editSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KeysPage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &KeysPage::updateButtons);
    updateButtons();
    return page;
}

const KeyInfo* KeysPage::selected() const
{
    if (!m_view)
        return nullptr;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    return m_monitor.keys().find(rows.constFirst().data(KeyListModel::HashRole).toString());
}

void KeysPage::updateButtons()
{
    const KeyInfo* key = selected();
    m_edit->setEnabled(key && !key->blocked);
    m_revoke->setEnabled(key && !key->blocked);
}

void KeysPage::createKey()
{
    IKeyManager* manager = m_monitor.keys().manager();
    if (!manager)
        return;
    auto* dialog = new KeyEditDialog(nullptr, m_monitor.snapshot()->groups, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (IKeyManager* m = m_monitor.keys().manager()) {
            m_message->setText(tr("Creating “%1”…").arg(dialog->alias()));
            m->createKey(dialog->alias(), dialog->limits());
        }
    });
    dialog->open();
}

void KeysPage::editSelected()
{
    const KeyInfo* key = selected();
    if (!key || key->blocked || !m_monitor.keys().manager())
        return;
    auto* dialog = new KeyEditDialog(key, m_monitor.snapshot()->groups, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, hash = key->hash] {
        if (IKeyManager* m = m_monitor.keys().manager())
            m->updateKey(hash, dialog->limits());
    });
    dialog->open();
}

void KeysPage::revokeSelected()
{
    const KeyInfo* key = selected();
    if (!key || key->blocked)
        return;
    auto* box = new QMessageBox(
        QMessageBox::Warning,
        tr("Revoke Key"),
        tr("Revoke “%1”? Clients using it are refused from now on. This cannot be undone.").arg(key->alias),
        QMessageBox::Cancel,
        this);
    QPushButton* revoke = box->addButton(tr("Revoke"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, revoke, hash = key->hash] {
        if (box->clickedButton() != revoke)
            return;
        if (IKeyManager* m = m_monitor.keys().manager())
            m->revokeKey(hash);
    });
    box->open();
}

void KeysPage::showFailure(IKeyManager::Operation operation, const QString& message)
{
    QString what;
    switch (operation) {
    case IKeyManager::Operation::List:
        what = tr("Could not list the keys: %1");
        break;
    case IKeyManager::Operation::Create:
        what = tr("Could not create the key: %1");
        break;
    case IKeyManager::Operation::Update:
        what = tr("Could not save the limits: %1");
        break;
    case IKeyManager::Operation::Revoke:
        what = tr("Could not revoke the key: %1");
        break;
    }
    m_message->setText(what.arg(message));
}

} // namespace sy
