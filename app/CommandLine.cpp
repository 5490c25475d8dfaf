#include "app/CommandLine.h"

#include "app/AppPaths.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace sy {

CommandLine CommandLine::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Switchyard: one OpenAI-compatible URL in front of your local and remote LLM servers."_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption version({u"v"_s, u"version"_s}, u"Show the version."_s);
    const QCommandLineOption headless(u"headless"_s, u"Serve without the menu-bar UI (servers, systemd)."_s);
    const QCommandLineOption config(
        {u"c"_s, u"config"_s}, u"LiteLLM-format config file (default: %1)."_s.arg(defaultConfigPath()), u"file"_s);
    const QCommandLineOption host(u"host"_s, u"Listen address; overrides gateway.host."_s, u"address"_s);
    const QCommandLineOption port(u"port"_s, u"Listen port; overrides gateway.port."_s, u"port"_s);
    const QCommandLineOption check(
        u"check-config"_s, u"Validate a config file and print the effective config, secrets masked."_s, u"file"_s);
    parser.addOptions({help, version, headless, config, host, port, check});
    parser.addPositionalArgument(u"command"_s,
                                 u"secret set|delete NAME: store a secret for keychain/NAME in the config "
                                 u"(the value is read from standard input). "
                                 u"key create|list|revoke: manage virtual keys (switchyard key --help)."_s,
                                 u"[command …]"_s);
    // A subcommand's own options (key create --alias …) belong to it, not to this parser.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);

    CommandLine out;
    out.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        out.error = parser.errorText();
        return out;
    }
    out.command = parser.positionalArguments();
    if (!out.command.isEmpty() && out.command.constFirst() != u"secret" && out.command.constFirst() != u"key") {
        out.error = u"unknown command: %1"_s.arg(out.command.constFirst());
        return out;
    }
    out.checkConfigFile = parser.value(check);
    out.showHelp = parser.isSet(help);
    out.showVersion = parser.isSet(version);
    out.headless = parser.isSet(headless);
    out.configFile = parser.value(config);
    if (parser.isSet(host))
        out.host = parser.value(host);
    if (parser.isSet(port)) {
        bool ok = false;
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value > 65535)
            out.error = u"--port expects a number from 0 to 65535, got \"%1\""_s.arg(parser.value(port));
        else
            out.port = quint16(value);
    }
    return out;
}

QString CommandLine::defaultConfigPath()
{
    return AppPaths::configFile();
}

} // namespace sy
