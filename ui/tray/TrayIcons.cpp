#include "ui/tray/TrayIcons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace sy::TrayIcons {

namespace {

constexpr double kUnits = 22.0; // the SVG's viewBox

// Badge geometry, in SVG units: a disc at the lower right, with a gap cut around it.
constexpr double kBadgeX = 16.5;
constexpr double kBadgeY = 16.5;
constexpr double kBadgeR = 5.0;
constexpr double kGap = 1.4;

void drawGlyph(QPainter& p, const QColor& color)
{
    QPen pen(color, 2.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawLine(QPointF(6, 3), QPointF(6, 19));
    p.drawLine(QPointF(16, 3), QPointF(16, 19));
    QPainterPath curve(QPointF(6, 5.5));
    curve.cubicTo(QPointF(6, 11), QPointF(16, 11), QPointF(16, 16.5));
    p.drawPath(curve);
}

void clearBadgeArea(QPainter& p)
{
    p.save();
    p.setCompositionMode(QPainter::CompositionMode_Clear);
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::black);
    p.drawEllipse(QPointF(kBadgeX, kBadgeY), kBadgeR + kGap, kBadgeR + kGap);
    p.restore();
}

QPainterPath triangle()
{
    QPainterPath t;
    t.moveTo(kBadgeX, kBadgeY - kBadgeR);
    t.lineTo(kBadgeX + kBadgeR * 1.05, kBadgeY + kBadgeR * 0.85);
    t.lineTo(kBadgeX - kBadgeR * 1.05, kBadgeY + kBadgeR * 0.85);
    t.closeSubpath();
    return t;
}

/** The sign inside a badge: "!" or "×", drawn with @p pen (clear for templates). */
void drawSign(QPainter& p, bool cross, const QColor& color, bool cut)
{
    p.save();
    if (cut)
        p.setCompositionMode(QPainter::CompositionMode_Clear);
    QPen pen(cut ? QColor(Qt::black) : color, 1.5, Qt::SolidLine, Qt::RoundCap);
    p.setPen(pen);
    if (cross) {
        const double d = kBadgeR * 0.45;
        p.drawLine(QPointF(kBadgeX - d, kBadgeY - d), QPointF(kBadgeX + d, kBadgeY + d));
        p.drawLine(QPointF(kBadgeX - d, kBadgeY + d), QPointF(kBadgeX + d, kBadgeY - d));
    } else {
        p.drawLine(QPointF(kBadgeX, kBadgeY - kBadgeR * 0.35), QPointF(kBadgeX, kBadgeY + kBadgeR * 0.2));
        p.drawPoint(QPointF(kBadgeX, kBadgeY + kBadgeR * 0.6));
    }
    p.restore();
}

QPixmap render(GatewayMonitor::State state, bool templateImage, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / kUnits, size / kUnits);

    const bool stopped = state == GatewayMonitor::State::Stopped || state == GatewayMonitor::State::Starting;
    QColor glyph = templateImage ? QColor(Qt::black) : QColor(Qt::white);
    if (!templateImage) {
        p.setPen(Qt::NoPen);
        p.setBrush(stopped ? QColor(0x6e, 0x76, 0x81) : QColor(0x24, 0x29, 0x2f));
        p.drawRoundedRect(QRectF(0.5, 0.5, 21, 21), 5, 5);
    }
    if (stopped)
        glyph.setAlphaF(templateImage ? 0.4 : 0.75);
    drawGlyph(p, glyph);

    if (state == GatewayMonitor::State::Degraded || state == GatewayMonitor::State::Error) {
        const bool error = state == GatewayMonitor::State::Error;
        clearBadgeArea(p);
        const QColor badge
            = templateImage ? QColor(Qt::black) : (error ? QColor(0xd1, 0x24, 0x2f) : QColor(0xe3, 0x9b, 0x00));
        p.setPen(Qt::NoPen);
        p.setBrush(badge);
        if (error)
            p.drawEllipse(QPointF(kBadgeX, kBadgeY), kBadgeR, kBadgeR);
        else
            p.drawPath(triangle());
        drawSign(p, error, error ? QColor(Qt::white) : QColor(0x24, 0x29, 0x2f), templateImage);
    }
    return pixmap;
}

} // namespace

QIcon icon(GatewayMonitor::State state, bool templateImage)
{
    QIcon icon;
    for (const int size : {16, 22, 32, 44, 64})
        icon.addPixmap(render(state, templateImage, size));
    icon.setIsMask(templateImage);
    return icon;
}

bool wantsTemplateImages()
{
#ifdef Q_OS_MACOS
    return true;
#else
    return false;
#endif
}

QIcon dot(const QColor& color)
{
    QPixmap pixmap(24, 24);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QRectF(5, 5, 14, 14));
    return QIcon(pixmap);
}

} // namespace sy::TrayIcons
