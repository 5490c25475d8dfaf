#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace sy::ApiKeys {

/** Random bytes behind each generated key: 192 bits, above the 128 the API promises. */
inline constexpr int kRandomBytes = 24;

/** A new virtual key: "sk-" and 32 base64url characters from the system's CSPRNG. */
QString generate();

/** SHA-256 of the key's UTF-8 bytes (32 bytes): what the key cache is indexed by. */
QByteArray digest(QByteArrayView key);

/** The stored form of a key, SHA-256 in lowercase hex, as LiteLLM's `token`. */
QString token(QByteArrayView key);
/** The token of @p digest. */
QString tokenOfDigest(const QByteArray& digest);
/** The digest behind a token, or an empty array if @p token is not 64 hex digits. */
QByteArray digestOfToken(const QString& token);
/** True for 64 lowercase or uppercase hex digits. */
bool looksLikeToken(const QString& text);

/**
 * Like hmac.compare_digest: the time depends on the lengths, which are not secret, but never on
 * where the inputs differ.
 */
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

/** The abbreviation LiteLLM shows for a key (`key_name`): "sk-...wxyz". */
QString abbreviation(const QString& key);

} // namespace sy::ApiKeys
