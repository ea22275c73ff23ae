// Rebuilds encoded frames from video payload pieces (descriptor + slice) arriving in any order. A frame is
// handed out once all its pieces are here (first to last, no hole in the sequence numbers). Frames are handed
// out in order; when a later frame completes while an earlier one still has a hole, the earlier one is given
// up and the assembler asks for a keyframe: nothing but a keyframe is handed out until one arrives.
// Memory is bounded: at most kMaxAssemblerPieces pieces wait (the oldest frame goes first) and a frame is at
// most kMaxAssembledFrameBytes.
#pragma once

#include "media/MediaTime.h"
#include "media/video/EncodedFrame.h"

#include <QByteArray>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>

namespace ward::media {

inline constexpr std::size_t kMaxAssemblerPieces = 2000;
inline constexpr std::size_t kMaxAssembledFrameBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxAssemblerReadyFrames = 64;

struct FrameAssemblerStats {
    std::uint64_t pieces = 0;
    std::uint64_t malformed = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t framesComplete = 0;
    std::uint64_t framesLost = 0; // given up with a hole, or skipped while waiting for a keyframe
};

class FrameAssembler {
public:
    // `sequence` is the protected packet's sequence number on the video stream; `piece` is descriptor +
    // slice.
    void insert(std::uint64_t sequence, const std::uint8_t* piece, std::size_t size, MediaTime arrival);
    std::optional<EncodedFrame> takeFrame();
    // Whether the receiver should ask the sender for a keyframe (a frame was lost, or the decoder failed).
    bool needsKeyframe() const { return m_needsKeyframe; }
    // The decoder could not use a frame: wait for a keyframe.
    void decodeFailed() { m_needsKeyframe = true; }
    const FrameAssemblerStats& stats() const { return m_stats; }

private:
    struct Piece {
        std::uint16_t pictureId = 0;
        bool keyframe = false;
        bool first = false;
        bool last = false;
        std::uint32_t timestamp = 0;
        int width = 0;
        int height = 0;
        QByteArray data;
    };
    using PieceMap = std::map<std::uint64_t, Piece>;

    // Finds the frame the piece at `sequence` belongs to and handles it when all its pieces are here.
    void completeAround(PieceMap::iterator piece);
    void handleComplete(PieceMap::iterator start, PieceMap::iterator end);
    // Joins the pieces start..end into a frame; nothing when they disagree about the frame or it is too big.
    std::optional<EncodedFrame> join(PieceMap::iterator start, PieceMap::iterator end) const;
    // Drops every stored piece before `sequence`; returns how many frames they belonged to.
    std::uint64_t dropBefore(std::uint64_t sequence);
    void dropOldestFrame();

    PieceMap m_pieces; // never holds a complete frame: one is handled as soon as its last piece arrives
    std::deque<EncodedFrame> m_ready;
    std::uint64_t m_nextSequence = 0; // where the next frame must start for nothing to be missing
    bool m_started = false;
    bool m_needsKeyframe = true;
    FrameAssemblerStats m_stats;
};

} // namespace ward::media
