#pragma once

#include "ui/GatewayMonitor.h"

#include <QIcon>

namespace sy::TrayIcons {

/**
 * The menu-bar icon for each gateway state, drawn from the glyph of
 * resources/switchyard-template.svg: serving is the plain glyph, degraded adds a warning
 * triangle, error a crossed circle, and stopped is the glyph faded.
 *
 * @p templateImage: black on transparent and marked as a mask, so macOS draws it as a template
 * image (tinted for light and dark menu bars). Otherwise (Linux trays, whose panel colour is
 * unknown): a white glyph on a dark plate, with coloured badges.
 */
QIcon icon(GatewayMonitor::State state, bool templateImage);

/** Whether this platform wants template images (macOS). */
bool wantsTemplateImages();

/** A small round dot of @p color, for menu items and table cells. */
QIcon dot(const QColor& color);

} // namespace sy::TrayIcons
