#pragma once

#include "tests/support/RequestBodyInfo.h"

#include <QByteArrayView>

namespace sy::testing {

/**
 * Single-pass JSON validator that picks out the handful of fields the mock backend cares about.
 * Why not QJsonDocument: the benchmark compares the gateway's overhead against nginx with this mock
 * behind both, so the mock's own per-request CPU must stay in the low microseconds. The scanner
 * still rejects malformed JSON so a bad body gets a 400 exactly as a real server would answer.
 */
class RequestBodyScanner
{
public:
    explicit RequestBodyScanner(QByteArrayView text);

    // Scans a top-level object; returns false (with errorString()) when the body is not valid JSON.
    bool scan(RequestBodyInfo* info);
    QByteArray errorString() const { return m_error; }

    // Counts whitespace-separated words in the raw contents of a JSON string (escapes \n, \t, \r count as space).
    static int countWords(QByteArrayView rawString);

private:
    bool scanTopLevelField(QByteArrayView key, RequestBodyInfo* info);
    bool scanStreamOptions(RequestBodyInfo* info);
    bool scanMessages(RequestBodyInfo* info);
    bool scanContent(RequestBodyInfo* info);
    bool scanInput(RequestBodyInfo* info, bool collectInputs);

    template <typename F>
    bool forEachMember(int depth, F&& onMember);
    template <typename F>
    bool forEachElement(int depth, F&& onElement);
    bool skipValue(int depth = 0);
    bool skipObject(int depth);
    bool skipArray(int depth);
    bool readString(QByteArrayView* raw);
    bool readLiteral(QByteArrayView literal);
    bool readBool(bool* value);
    bool skipNumber();
    bool expect(char c);
    bool peekIs(char c);
    void skipSpace();
    bool fail(const char* message);

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    QByteArray m_error;
};

} // namespace sy::testing
