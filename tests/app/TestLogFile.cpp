#include "app/LogFile.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include <thread>
#include <vector>

using namespace sy;

Q_LOGGING_CATEGORY(lcTestLog, "switchyard.test", QtInfoMsg)

class TestLogFile : public QObject
{
    Q_OBJECT

private slots:
    void messagesFromEveryThreadReachTheFile()
    {
        QTemporaryDir dir;
        {
            LogFile log(dir.filePath("logs"));
            QVERIFY2(log.error().isEmpty(), qPrintable(log.error()));
            std::vector<std::thread> threads;
            for (int t = 0; t < 4; ++t) {
                threads.emplace_back([t] {
                    for (int i = 0; i < 250; ++i)
                        qCInfo(lcTestLog) << "thread" << t << "message" << i;
                });
            }
            for (auto& thread : threads)
                thread.join();
            log.flush();
            QFile file(log.path());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray text = file.readAll();
            QCOMPARE(text.count('\n'), 1000);
            QVERIFY(text.contains("thread 3 message 249\n"));
            QVERIFY(text.contains("thread 0 message 0\n"));
        }
        // Once the LogFile is gone, messages no longer go to it.
        qCInfo(lcTestLog) << "after";
        QFile file(dir.filePath("logs/switchyard.log"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("after"));
    }

    void rotatesKeepingOnePreviousFile()
    {
        QTemporaryDir dir;
        LogFile log(dir.path());
        const QByteArray filler(1000, 'x');
        for (int i = 1; i <= 9 * 1024; ++i) { // ~9 MiB, past the 8 MiB limit
            qCInfo(lcTestLog).noquote() << filler;
            // A writer that cannot keep up drops messages (by design); a loaded machine must
            // not make this test one of those, so let it catch up every MiB.
            if (i % 1024 == 0)
                log.flush();
        }
        log.flush();
        QVERIFY(QFile::exists(log.path() + ".1"));
        QVERIFY(QFileInfo(log.path() + ".1").size() >= 8 * 1024 * 1024);
        QVERIFY(QFileInfo(log.path()).size() < 2 * 1024 * 1024);
    }

    void anUnwritableDirectoryIsAnErrorNotACrash()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        LogFile log(dir.filePath("file/logs")); // a directory under a file cannot exist
        QVERIFY(!log.error().isEmpty());
        qCInfo(lcTestLog) << "still fine";
        log.flush();
    }
};

QTEST_GUILESS_MAIN(TestLogFile)
#include "TestLogFile.moc"
