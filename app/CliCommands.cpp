#include "app/CliCommands.h"

#include "app/ConfigSource.h"
#include "app/KeychainSecrets.h"
#include "gateway/config/ConfigPrinter.h"

#include <QFile>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace sy::CliCommands {

int checkConfig(const QString& file)
{
    const ConfigLoadResult result = ConfigSource::loader().loadFile(file);
    for (const ConfigDiagnostic& d : result.diagnostics)
        std::fprintf(stderr, "%s\n", qPrintable(d.toString()));
    if (!result.ok()) {
        std::fprintf(stderr,
                     "%s: %lld error(s), %lld warning(s)\n",
                     qPrintable(file),
                     qlonglong(result.errors().size()),
                     qlonglong(result.warnings().size()));
        return 2;
    }
    const QByteArray yaml = ConfigPrinter::toYaml(*result.config);
    std::fwrite(yaml.constData(), 1, size_t(yaml.size()), stdout);
    std::fprintf(stderr, "%s: valid, %lld warning(s)\n", qPrintable(file), qlonglong(result.warnings().size()));
    return 0;
}

int secret(const QStringList& arguments)
{
    const QString action = arguments.value(1);
    const QString name = arguments.value(2);
    if ((action != u"set" && action != u"delete") || name.isEmpty() || arguments.size() > 3) {
        std::fprintf(stderr,
                     "usage: switchyard secret set NAME   (value on standard input)\n"
                     "       switchyard secret delete NAME\n");
        return 2;
    }
    QString error;
    if (action == u"delete") {
        if (!KeychainSecrets::remove(name, &error)) {
            std::fprintf(stderr, "switchyard: cannot delete %s: %s\n", qPrintable(name), qPrintable(error));
            return 1;
        }
        return 0;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        std::fprintf(stderr, "switchyard: cannot read standard input\n");
        return 1;
    }
    const QString value = QString::fromUtf8(in.readAll()).trimmed();
    if (value.isEmpty()) {
        std::fprintf(stderr, "switchyard: no value on standard input\n");
        return 2;
    }
    if (!KeychainSecrets::write(name, value, &error)) {
        std::fprintf(stderr, "switchyard: cannot store %s: %s\n", qPrintable(name), qPrintable(error));
        return 1;
    }
    std::fprintf(stderr, "stored; use it in the config as keychain/%s\n", qPrintable(name));
    return 0;
}

} // namespace sy::CliCommands
