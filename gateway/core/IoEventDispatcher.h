#pragma once

class QAbstractEventDispatcher;

namespace sy {

/**
 * The event dispatcher for a thread that serves sockets (the gateway's): EpollEventDispatcher
 * on Linux, or nullptr, meaning Qt's default, elsewhere or when the environment says
 * SWITCHYARD_EVENT_DISPATCHER=qt (to compare the two, or to rule ours out).
 */
QAbstractEventDispatcher* createIoEventDispatcher();

} // namespace sy
