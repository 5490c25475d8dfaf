#include "gateway/cache/CanonicalJson.h"

#include "gateway/core/JsonWriter.h"

#include <algorithm>

namespace sy::CanonicalJson {

namespace {

void writeObject(const JsonBody& object, const QList<QByteArrayView>& skip, QByteArray& out);

void writeValue(const JsonBody& owner, const JsonBody::Span& span, QByteArray& out)
{
    switch (span.type) {
    case JsonBody::Type::Object:
        if (const std::optional<JsonBody> inner = owner.objectAt(span))
            writeObject(*inner, {}, out);
        return;
    case JsonBody::Type::Array: {
        out += '[';
        const QList<JsonBody::Span> elements = owner.elementsAt(span);
        for (qsizetype i = 0; i < elements.size(); ++i) {
            if (i > 0)
                out += ',';
            writeValue(owner, elements[i], out);
        }
        out += ']';
        return;
    }
    case JsonBody::Type::String:
        JsonWriter::appendQuoted(out, owner.stringAt(span).toUtf8());
        return;
    default: // numbers, true, false, null: their text is already one token without spaces
        out += owner.rawAt(span);
        return;
    }
}

void writeObject(const JsonBody& object, const QList<QByteArrayView>& skip, QByteArray& out)
{
    const JsonBody::Members& members = object.members();
    QVarLengthArray<qsizetype, 16> order;
    for (qsizetype i = 0; i < members.size(); ++i) {
        if (skip.contains(QByteArrayView(members[i].key)))
            continue;
        // The last of duplicate keys wins: drop an earlier one already listed.
        for (qsizetype j = 0; j < order.size(); ++j) {
            if (members[order[j]].key == members[i].key) {
                order.remove(j);
                break;
            }
        }
        order.append(i);
    }
    std::stable_sort(
        order.begin(), order.end(), [&members](qsizetype a, qsizetype b) { return members[a].key < members[b].key; });
    out += '{';
    for (qsizetype i = 0; i < order.size(); ++i) {
        if (i > 0)
            out += ',';
        const JsonBody::Member& m = members[order[i]];
        JsonWriter::appendQuoted(out, m.key);
        out += ':';
        writeValue(object, m.value, out);
    }
    out += '}';
}

} // namespace

QByteArray of(const JsonBody& object, const QList<QByteArrayView>& skip)
{
    QByteArray out;
    out.reserve(object.bytes().size());
    writeObject(object, skip, out);
    return out;
}

} // namespace sy::CanonicalJson
