// Cuts an encoded frame into payload pieces of at most kMaxVideoPayloadBytes - kPayloadHeaderBytes bytes,
// each a VideoDescriptor followed by a slice of the frame. The sender's pipeline puts the payload header
// in front of each piece.
#pragma once

#include "media/video/EncodedFrame.h"

#include <QByteArray>

#include <vector>

namespace ward::media {

std::vector<QByteArray> packetizeVideoFrame(const EncodedFrame& frame);

} // namespace ward::media
