// LoginItem on macOS. 13+: SMAppService's mainAppService, which lists Switchyard under System
// Settings → General → Login Items. 12 has no SMAppService: a per-user LaunchAgent instead.
// Works with and without ARC: it only uses autoreleased objects, inside @autoreleasepool.
#include "ui/platform/LoginItem.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#import <Foundation/Foundation.h>
#import <ServiceManagement/ServiceManagement.h>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QString bundleIdentifier()
{
    NSString* identifier = [[NSBundle mainBundle] bundleIdentifier];
    return identifier ? QString::fromNSString(identifier) : QString();
}

/** ~/Library/LaunchAgents/<bundle id>.plist: the macOS 12 fallback, and what 13+ cleans up. */
QString launchAgentPath()
{
    return QDir::homePath() + u"/Library/LaunchAgents/"_s + bundleIdentifier() + u".plist"_s;
}

/**
 * Writes a LaunchAgent that runs the bundle's executable at login. It is not loaded now: that
 * would start a second copy of the app at once (RunAtLoad), and the next login loads it anyway.
 */
bool writeLaunchAgent(QString* error)
{
    const QString path = launchAgentPath();
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = QCoreApplication::translate("sy::LoginItem", "Cannot create the folder %1")
                         .arg(QFileInfo(path).absolutePath());
        return false;
    }
    @autoreleasepool {
        NSDictionary* agent = @{
            @"Label" : bundleIdentifier().toNSString(),
            @"ProgramArguments" : @[ [[NSBundle mainBundle] executablePath] ],
            @"RunAtLoad" : @YES,
            @"ProcessType" : @"Interactive",
            @"LimitLoadToSessionType" : @"Aqua",
        };
        NSError* nsError = nil;
        if (![agent writeToURL:[NSURL fileURLWithPath:path.toNSString()] error:&nsError]) {
            if (error)
                *error = QCoreApplication::translate("sy::LoginItem", "Cannot write %1: %2")
                             .arg(path, QString::fromNSString(nsError.localizedDescription));
            return false;
        }
    }
    return true;
}

bool removeLaunchAgent(QString* error)
{
    const QString path = launchAgentPath();
    if (QFile::exists(path) && !QFile::remove(path)) {
        if (error)
            *error = QCoreApplication::translate("sy::LoginItem", "Cannot remove %1").arg(path);
        return false;
    }
    return true;
}

/** Registers or unregisters the app with SMAppService; the macOS 13+ half of setEnabled(). */
API_AVAILABLE(macos(13.0)) bool setMainAppServiceEnabled(bool enabled, QString* error)
{
    @autoreleasepool {
        SMAppService* service = [SMAppService mainAppService];
        const bool awaitsApproval = service.status == SMAppServiceStatusRequiresApproval;
        if (enabled && service.status == SMAppServiceStatusEnabled)
            return true;
        if (!enabled && service.status != SMAppServiceStatusEnabled && !awaitsApproval)
            return true;
        // Registering again while approval is pending would only fail with "already registered".
        if (!(enabled && awaitsApproval)) {
            NSError* nsError = nil;
            const BOOL done
                = enabled ? [service registerAndReturnError:&nsError] : [service unregisterAndReturnError:&nsError];
            if (!done) {
                if (error)
                    *error = QString::fromNSString(nsError.localizedDescription);
                return false;
            }
        }
        if (enabled && service.status == SMAppServiceStatusRequiresApproval) {
            // Registered, but the user turned Switchyard off in System Settings before: only they
            // can turn it back on. Show them where.
            [SMAppService openSystemSettingsLoginItems];
            if (error)
                *error = QCoreApplication::translate("sy::LoginItem",
                                                     "Allow Switchyard in System Settings → General → Login Items");
            return false;
        }
    }
    return true;
}

} // namespace

// Nothing to keep: SMAppService and the LaunchAgent file are asked afresh each time, since the
// user can change either in System Settings while the app runs.
struct LoginItem::Private
{ };

LoginItem::LoginItem()
    : d(std::make_unique<Private>())
{ }

LoginItem::~LoginItem() = default;

bool LoginItem::isSupported() const
{
    // Both ways need the app bundle (its identifier, its executable): a bare binary has neither.
    return !bundleIdentifier().isEmpty();
}

bool LoginItem::isEnabled() const
{
    if (!isSupported())
        return false;
    // A LaunchAgent from macOS 12 still starts the app after an upgrade to 13, until removed.
    if (QFile::exists(launchAgentPath()))
        return true;
    if (@available(macOS 13.0, *))
        return [SMAppService mainAppService].status == SMAppServiceStatusEnabled;
    return false;
}

bool LoginItem::setEnabled(bool enabled, QString* error)
{
    if (!isSupported()) {
        if (error)
            *error = QCoreApplication::translate("sy::LoginItem",
                                                 "Only Switchyard.app can start at login, not a bare executable");
        return false;
    }
    if (@available(macOS 13.0, *)) {
        // A LaunchAgent left from macOS 12 would start a second copy: SMAppService replaces it.
        return removeLaunchAgent(error) && setMainAppServiceEnabled(enabled, error);
    }
    return enabled ? writeLaunchAgent(error) : removeLaunchAgent(error);
}

} // namespace sy
