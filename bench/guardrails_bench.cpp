// What the built-in guardrails cost per request (issue #16): the prompt's text read out of a
// 4 KB chat request, then every built-in guardrail over it (banned substrings, a regex, secrets
// with entropy, PII, token limit, malicious URLs), as ExchangeHooks runs them before a request
// is sent; and, for answers, the same text streamed in 16-character events through the stream
// scanner. Prints one BENCH_JSON line; the bar is 20 µs per request for the prompt.

#include "gateway/core/GuardrailSettings.h"
#include "gateway/core/JsonBody.h"
#include "gateway/guardrails/Guardrail.h"
#include "gateway/guardrails/GuardrailSet.h"
#include "gateway/guardrails/PromptText.h"
#include "gateway/guardrails/StreamScanner.h"
#include "gateway/guardrails/TextCheck.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace sy;
using namespace Qt::StringLiterals;

namespace {

constexpr double kBarMicros = 20.0;

GuardrailSpec spec(const QString& type, int modes)
{
    GuardrailSpec s;
    s.name = type;
    s.type = type;
    s.modes = modes;
    s.defaultOn = true;
    return s;
}

GuardrailSettings allBuiltIns()
{
    const int both = GuardrailSpec::PreCall | GuardrailSpec::PostCall;
    GuardrailSettings settings;
    GuardrailSpec banned = spec(u"banned_substrings"_s, both);
    banned.substrings = {u"project falcon"_s, u"internal only"_s, u"acme corp"_s, u"do not share"_s};
    GuardrailSpec regex = spec(u"regex"_s, both);
    regex.name = u"regex"_s;
    regex.patterns = {u"\\b\\d{3}-\\d{2}-\\d{4}\\b"_s};
    GuardrailSpec urls = spec(u"malicious_urls"_s, both);
    urls.denyDomains = {u"evil.example"_s, u"phish.test"_s};
    settings.guardrails = {banned,
                           regex,
                           spec(u"secrets"_s, both),
                           spec(u"pii"_s, both),
                           spec(u"token_limit"_s, GuardrailSpec::PreCall),
                           urls,
                           spec(u"no_code"_s, GuardrailSpec::PostCall)};
    return settings;
}

// Ordinary prose with the things a prompt has (numbers, a URL, punctuation), about 4 KB.
QString proseOf(int bytes)
{
    const QString sentence = u"Please summarise the quarterly report for the team in Bonn: revenue grew 12.5% to "
                             u"4,210,000 EUR, see https://intranet.example.com/reports/2025/q3 for details. "_s;
    QString text;
    while (text.size() < bytes)
        text += sentence;
    return text.left(bytes);
}

QByteArray requestOf(const QString& prose)
{
    const QJsonArray messages{QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, u"You are a careful assistant."_s}},
                              QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, prose}}};
    return QJsonDocument(QJsonObject{{u"model"_s, u"bench-model"_s}, {u"messages"_s, messages}})
        .toJson(QJsonDocument::Compact);
}

double medianOf(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Microseconds per call of @p work, the median of rounds of @p batch calls.
template <class Work>
double measure(int rounds, int batch, Work work)
{
    std::vector<double> perCall;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < batch; ++i)
            work();
        perCall.push_back(double(t.nsecsElapsed()) / 1000.0 / batch);
    }
    return medianOf(perCall);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int promptBytes = 4096;
    const QByteArray body = requestOf(proseOf(promptBytes));
    const JsonBody json = *JsonBody::parse(body, nullptr);
    const GuardrailSet set(allBuiltIns(), nullptr);
    const QList<const Guardrail*> selected = *set.select({}, nullptr);
    const QList<const Guardrail*> input = GuardrailSet::inMode(selected, GuardrailSpec::PreCall);
    const QList<const Guardrail*> output = GuardrailSet::inMode(selected, GuardrailSpec::PostCall);
    int blocked = 0;
    const double prompt = measure(21, 500, [&] {
        const PromptText text = PromptText::of(json);
        ScanRequest request;
        request.texts = text.segments();
        TextCheck check(input, request);
        check.run([&](const CheckOutcome& o) { blocked += o.kind != CheckOutcome::Kind::Pass; });
    });
    const QString answer = proseOf(promptBytes);
    const double stream = measure(21, 50, [&] {
        StreamScanner scanner(output);
        for (qsizetype at = 0; at < answer.size(); at += 16)
            blocked += scanner.feed(QStringView(answer).mid(at, 16)).has_value();
    });
    // Reading the text out of the request, then each guardrail alone over it: where the time goes.
    qsizetype segments = 0;
    const double reading = measure(11, 200, [&] { segments = PromptText::of(json).segments().size(); });
    std::fprintf(stderr, "  %-18s %8.2f us (%lld segments)\n", "prompt text", reading, qint64(segments));
    const QString text = PromptText::of(json).joined();
    for (const Guardrail* g : input) {
        const double us = measure(11, 200, [&] { blocked += int(g->scan(text).size()); });
        std::fprintf(stderr, "  %-18s %8.2f us\n", qPrintable(g->name()), us);
    }
    const bool ok = prompt <= kBarMicros && blocked == 0;
    std::printf("BENCH_JSON {\"prompt_bytes\":%d,\"guardrails\":%lld,\"prompt_check_us\":%.2f,"
                "\"stream_scan_us_per_4kb\":%.2f,\"bar_us\":%.1f,\"false_positives\":%d,\"pass\":%s}\n",
                promptBytes,
                qint64(input.size()),
                prompt,
                stream,
                kBarMicros,
                blocked,
                ok ? "true" : "false");
    return ok ? 0 : 1;
}
