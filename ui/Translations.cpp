#include "ui/Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace sy::Translations {

QString install(QCoreApplication& app, const QLocale& locale)
{
    auto* own = new QTranslator(&app);
    // QTranslator::load(QLocale, …) walks locale.uiLanguages() ("de-CH", "de", …) and picks the
    // first that exists, so "follows the system language" includes regional variants.
    if (!own->load(locale, u"switchyard"_s, u"_"_s, u":/i18n"_s)) {
        delete own;
        return {};
    }
    QCoreApplication::installTranslator(own);
    // Qt's own strings (QMessageBox's and QDialogButtonBox's buttons); absent in some installs.
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return QFileInfo(own->filePath()).baseName().section(u'_', 1);
}

QStringList available()
{
    QStringList languages;
    const QStringList files = QDir(u":/i18n"_s).entryList({u"switchyard_*.qm"_s}, QDir::Files, QDir::Name);
    for (const QString& file : files)
        languages << QFileInfo(file).baseName().section(u'_', 1);
    return languages;
}

} // namespace sy::Translations
