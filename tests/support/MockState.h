#pragma once

#include "tests/support/MockHttpRequest.h"
#include "tests/support/MockKnobs.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QStringList>

#include <atomic>
#include <functional>

namespace sy::testing {

/**
 * State shared by every connection of one MockBackend, possibly across worker threads: the
 * identity and models (immutable), the runtime knob defaults and the counters behind /mock/stats.
 * Counters are atomics and the rest sits behind one mutex, so the hot path takes it twice at most.
 */
class MockState
{
public:
    MockState(const QString& id, const QStringList& models, const MockKnobs& defaults);

    const QByteArray& id() const { return m_id; }
    const QByteArray& idJson() const { return m_idJson; } // id as a JSON string literal
    const QByteArray& firstModelJson() const { return m_firstModelJson; }
    const QByteArray& modelsBody() const { return m_modelsBody; } // GET /v1/models
    const QByteArray& tagsBody() const { return m_tagsBody; } // GET /api/tags
    const QStringList& models() const { return m_models; }

    MockKnobs defaults() const;
    void setDefaults(const MockKnobs& knobs);
    MockKnobs startupDefaults() const { return m_startupDefaults; }

    void connectionOpened();
    void connectionClosed();
    void apiRequestStarted(const MockHttpRequest& request);
    void apiRequestFinished(bool cancelled);
    void resetCounters();
    QJsonObject stats() const;

    // Stepped streams (the `step` knob): the test releases events, a stream takes one to send one.
    void releaseEvents(int count) { m_stepCredits += count; }
    bool takeStepCredit();

    // Installed by MockBackend: toggles the listening socket; returns the new listening state.
    void setListenControl(std::function<bool(bool)> control);
    bool setListening(bool enabled);

private:
    const QByteArray m_id;
    const QByteArray m_idJson;
    const QByteArray m_firstModelJson;
    const QByteArray m_modelsBody;
    const QByteArray m_tagsBody;
    const QStringList m_models;
    const MockKnobs m_startupDefaults;

    std::atomic<qint64> m_requests{0};
    std::atomic<qint64> m_connectionsOpened{0};
    std::atomic<qint64> m_connectionsActive{0};
    std::atomic<qint64> m_inFlight{0};
    std::atomic<qint64> m_maxInFlight{0};
    std::atomic<qint64> m_cancelled{0};
    std::atomic<qint64> m_stepCredits{0};

    mutable QMutex m_mutex;
    MockKnobs m_defaults;
    MockHttpRequest m_lastRequest;
    bool m_hasLastRequest = false;
    QHash<QByteArray, qint64> m_byPath;
    std::function<bool(bool)> m_listenControl;
};

} // namespace sy::testing
