#include "gateway/core/Allocator.h"

#include <QTest>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>

// The allocator the build chose is the one every allocation in the process reaches: malloc, and
// operator new (Qt's containers, our objects), also from another thread than the one that freed.
class TestAllocator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mallocReachesTheChosenAllocator()
    {
        QVERIFY2(sy::allocatorInUse(), sy::allocatorName());
#if defined(SWITCHYARD_EXPECT_MIMALLOC)
        QVERIFY2(std::strncmp(sy::allocatorName(), "mimalloc ", 9) == 0, sy::allocatorName());
#endif
    }

    void memoryCrossesThreadsAndIsReleased()
    {
        auto bytes = std::make_unique<QByteArray>(1 << 20, 'x');
        std::thread other([&bytes] { bytes.reset(); });
        other.join();
        QVERIFY(!bytes);
        sy::releaseFreeMemory();
        QVERIFY(sy::allocatorInUse());
    }
};

QTEST_GUILESS_MAIN(TestAllocator)
#include "TestAllocator.moc"
