#pragma once

#include <QLocale>
#include <QStringList>

class QCoreApplication;

namespace sy::Translations {

/**
 * Installs Switchyard's translation for @p locale (by default the system's UI languages, in
 * order of preference) and Qt's own for the standard dialogs' buttons. English needs none.
 * Returns the language installed ("de", "ja"), or an empty string when it stays English.
 */
QString install(QCoreApplication& app, const QLocale& locale = QLocale::system());

/** The languages shipped under :/i18n, e.g. {"de", "ja"}. */
QStringList available();

} // namespace sy::Translations
