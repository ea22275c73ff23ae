#include "media/video/VideoEncoder.h"

#include <libyuv/planar_functions.h>
#include <vpx/vp8cx.h>
#include <vpx/vpx_encoder.h>

#include <algorithm>
#include <cmath>
#include <thread>

namespace ward::media {

namespace {

// VP8's speed for realtime coding. Negative values fix the speed (the same work every run, so a run repeats
// exactly); larger magnitudes trade quality for speed. With the grainy test pattern on a two-core machine,
// -6 to -10 all encode and decode 1280x720 at 30 fps in about a fifth of a core; -8 leaves room for a real
// camera's harder pictures without giving up quality (640x480 at 800 kbit/s stays above 40 dB).
constexpr int kCpuUsed = -8;
constexpr std::uint16_t kPictureIdMask = 0x7fff;
constexpr std::int64_t kTimebase = 90000; // ticks per second, 9 per 100 microseconds
constexpr int kMinBitrate = 10000;
constexpr int kMaxBitrate = 50000000;
constexpr int kMaxThreads = 16;

struct CodecDeleter {
    void operator()(vpx_codec_ctx_t* codec) const
    {
        vpx_codec_destroy(codec);
        std::default_delete<vpx_codec_ctx_t>()(codec);
    }
};
struct ImageDeleter {
    void operator()(vpx_image_t* image) const { vpx_img_free(image); }
};
using CodecPtr = std::unique_ptr<vpx_codec_ctx_t, CodecDeleter>;
using ImagePtr = std::unique_ptr<vpx_image_t, ImageDeleter>;

Status validate(const VideoEncoderSettings& settings)
{
    if (settings.width < 1 || settings.width > kMaxVideoWidth || settings.height < 1
        || settings.height > kMaxVideoHeight) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The video size %1x%2 is not supported; choose one up to %3x%4.")
                .arg(QString::number(settings.width), QString::number(settings.height),
                    QString::number(kMaxVideoWidth), QString::number(kMaxVideoHeight)));
    }
    if (!(settings.frameRate >= 1 && settings.frameRate <= 120)) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The video frame rate must be between 1 and 120 frames per second."));
    }
    if (settings.bitrate < kMinBitrate || settings.bitrate > kMaxBitrate) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The video bitrate must be between 10 kbit/s and 50 Mbit/s."));
    }
    if (settings.threads < 1 || settings.threads > kMaxThreads || settings.keyframeIntervalFrames < 1) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The video encoder needs 1 to 16 threads and a keyframe interval of at least one "
                           "frame."));
    }
    return {};
}

Error codecError(const QString& what, vpx_codec_err_t error)
{
    return makeError(ErrorCode::Internal,
        QStringLiteral("%1 (libvpx: %2).").arg(what, QString::fromUtf8(vpx_codec_err_to_string(error))));
}

// How big a keyframe may be against an average frame: half the optimal buffer's worth of frames, as
// libwebrtc does, so that a keyframe does not hold up the frames behind it for long.
unsigned int maxIntraBitratePercent(double frameRate, unsigned int optimalBufferMs)
{
    const double percent = optimalBufferMs * 0.5 * frameRate / 10.0;
    return static_cast<unsigned int>(std::max(300.0, percent));
}

// The threads worth using for a picture size on this machine, at most what the settings allow (the table
// libwebrtc uses). libvpx's VP8 threads wait for each other by spinning: with more threads than free cores,
// as on a two-core laptop that also decodes, captures and draws, 720p took about three cores instead of a
// fifth of one. Below 1280x960, one thread encodes a frame in a few milliseconds anyway.
int threadsInUse(const VideoEncoderSettings& settings)
{
    const long pixels = long { settings.width } * settings.height;
    const unsigned int cores = std::max(1u, std::thread::hardware_concurrency());
    int useful = 1;
    if (pixels >= 1920L * 1080 && cores > 8) {
        useful = 8;
    } else if (pixels > 1280L * 960 && cores >= 6) {
        useful = 3;
    } else if (pixels > 640L * 480 && cores >= 3) {
        useful = 2;
    }
    return std::min(settings.threads, useful);
}

vp8e_token_partitions tokenPartitions(int threads)
{
    // More partitions let the decoder work on rows in parallel; one is best for a single thread.
    if (threads >= 8) {
        return VP8_EIGHT_TOKENPARTITION;
    }
    if (threads >= 4) {
        return VP8_FOUR_TOKENPARTITION;
    }
    return threads >= 2 ? VP8_TWO_TOKENPARTITION : VP8_ONE_TOKENPARTITION;
}

void applyRateSettings(vpx_codec_enc_cfg_t& config, const VideoEncoderSettings& settings)
{
    config.rc_target_bitrate = static_cast<unsigned int>(settings.bitrate / 1000);
    config.kf_max_dist = static_cast<unsigned int>(settings.keyframeIntervalFrames);
}

Result<vpx_codec_enc_cfg_t> makeConfig(const VideoEncoderSettings& settings)
{
    vpx_codec_enc_cfg_t config {};
    const vpx_codec_err_t error = vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &config, 0);
    if (error != VPX_CODEC_OK) {
        return codecError(QStringLiteral("The video encoder could not be configured"), error);
    }
    config.g_w = static_cast<unsigned int>(settings.width);
    config.g_h = static_cast<unsigned int>(settings.height);
    config.g_threads = static_cast<unsigned int>(threadsInUse(settings));
    config.g_timebase = { 1, static_cast<int>(kTimebase) };
    config.g_pass = VPX_RC_ONE_PASS;
    config.g_lag_in_frames = 0;
    config.g_error_resilient = VPX_ERROR_RESILIENT_DEFAULT;
    config.rc_end_usage = VPX_CBR;
    config.rc_resize_allowed = 0;
    config.rc_dropframe_thresh = 30;
    config.rc_min_quantizer = 2;
    config.rc_max_quantizer = 56;
    // A small buffer and a tight overshoot keep frames close to the target, so that the pacer and the
    // network queue stay short.
    config.rc_undershoot_pct = 100;
    config.rc_overshoot_pct = 15;
    config.rc_buf_initial_sz = 500;
    config.rc_buf_optimal_sz = 600;
    config.rc_buf_sz = 1000;
    config.kf_mode = VPX_KF_AUTO;
    config.kf_min_dist = 0;
    applyRateSettings(config, settings);
    return config;
}

} // namespace

struct VideoEncoder::State {
    CodecPtr codec;
    ImagePtr image;
    vpx_codec_enc_cfg_t config {};
    std::int64_t lastPts = 0;
    bool hasPts = false;
    bool forceKeyframe = false;
    std::uint16_t nextPictureId = 0;

    Status open(const VideoEncoderSettings& settings);
    Status setControls(const VideoEncoderSettings& settings);
    std::int64_t nextPts(MediaTime captureTime, std::int64_t duration);
};

Status VideoEncoder::State::open(const VideoEncoderSettings& settings)
{
    auto made = makeConfig(settings);
    if (!made) {
        return made.error();
    }
    config = made.value();
    auto context = std::make_unique<vpx_codec_ctx_t>();
    const vpx_codec_err_t error = vpx_codec_enc_init(context.get(), vpx_codec_vp8_cx(), &config, 0);
    if (error != VPX_CODEC_OK) {
        return codecError(QStringLiteral("The video encoder could not start"), error);
    }
    codec.reset(context.release());
    image.reset(vpx_img_alloc(nullptr, VPX_IMG_FMT_I420, config.g_w, config.g_h, 16));
    if (!image) {
        codec.reset();
        return makeError(
            ErrorCode::Internal, QStringLiteral("There is not enough memory for a video picture."));
    }
    return setControls(settings);
}

Status VideoEncoder::State::setControls(const VideoEncoderSettings& settings)
{
    vpx_codec_ctx_t* context = codec.get();
    vpx_codec_err_t error = vpx_codec_control(context, VP8E_SET_CPUUSED, kCpuUsed);
    if (error == VPX_CODEC_OK) {
        error = vpx_codec_control(context, VP8E_SET_STATIC_THRESHOLD, 1u);
    }
    if (error == VPX_CODEC_OK) {
        error = vpx_codec_control(context, VP8E_SET_NOISE_SENSITIVITY, 0u);
    }
    if (error == VPX_CODEC_OK) {
        error
            = vpx_codec_control(context, VP8E_SET_TOKEN_PARTITIONS, tokenPartitions(threadsInUse(settings)));
    }
    if (error == VPX_CODEC_OK) {
        error = vpx_codec_control(context, VP8E_SET_MAX_INTRA_BITRATE_PCT,
            maxIntraBitratePercent(settings.frameRate, config.rc_buf_optimal_sz));
    }
    if (error != VPX_CODEC_OK) {
        return codecError(QStringLiteral("The video encoder refused its settings"), error);
    }
    return {};
}

std::int64_t VideoEncoder::State::nextPts(MediaTime captureTime, std::int64_t duration)
{
    // libvpx's rate control reads the frame rate from the time stamps, so they must advance; a source that
    // stamps every frame alike is taken to deliver at the configured rate.
    // Split so that no capture time, however far out, overflows.
    std::int64_t pts = captureTime / 100 * 9 + captureTime % 100 * 9 / 100;
    if (hasPts && pts <= lastPts) {
        pts = lastPts + duration;
    }
    lastPts = pts;
    hasPts = true;
    return pts;
}

Result<VideoEncoder> VideoEncoder::create(const VideoEncoderSettings& settings)
{
    if (auto valid = validate(settings); !valid) {
        return valid.error();
    }
    auto state = std::make_unique<State>();
    if (auto opened = state->open(settings); !opened) {
        return opened.error();
    }
    return VideoEncoder(std::move(state), settings);
}

VideoEncoder::VideoEncoder(std::unique_ptr<State> state, const VideoEncoderSettings& settings)
    : m_state(std::move(state))
    , m_settings(settings)
{ }

VideoEncoder::VideoEncoder(VideoEncoder&&) noexcept = default;
VideoEncoder& VideoEncoder::operator=(VideoEncoder&&) noexcept = default;
VideoEncoder::~VideoEncoder() = default;

Result<std::optional<EncodedFrame>> VideoEncoder::encode(const VideoFrame& frame, bool keyframe)
{
    if (frame.format != PixelFormat::I420 || frame.width != m_settings.width
        || frame.height != m_settings.height || !frame.valid()) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "The video encoder takes I420 pictures of %1x%2; convert or scale the picture first.")
                .arg(QString::number(m_settings.width), QString::number(m_settings.height)));
    }
    State& state = *m_state;
    vpx_image_t* image = state.image.get();
    libyuv::I420Copy(frame.planeY(), frame.width, frame.planeU(), frame.chromaWidth(), frame.planeV(),
        frame.chromaWidth(), image->planes[VPX_PLANE_Y], image->stride[VPX_PLANE_Y],
        image->planes[VPX_PLANE_U], image->stride[VPX_PLANE_U], image->planes[VPX_PLANE_V],
        image->stride[VPX_PLANE_V], frame.width, frame.height);

    const auto duration
        = std::max<std::int64_t>(1, std::llround(static_cast<double>(kTimebase) / m_settings.frameRate));
    const std::int64_t pts = state.nextPts(frame.captureTime, duration);
    const bool wantKeyframe = keyframe || state.forceKeyframe;
    const vpx_codec_err_t error = vpx_codec_encode(state.codec.get(), image, pts,
        static_cast<unsigned long>(duration), wantKeyframe ? VPX_EFLAG_FORCE_KF : 0, VPX_DL_REALTIME);
    if (error != VPX_CODEC_OK) {
        return codecError(QStringLiteral("The video encoder failed on a picture"), error);
    }

    EncodedFrame out;
    vpx_codec_iter_t iterator = nullptr;
    while (const vpx_codec_cx_pkt_t* packet = vpx_codec_get_cx_data(state.codec.get(), &iterator)) {
        if (packet->kind != VPX_CODEC_CX_FRAME_PKT) {
            continue;
        }
        out.data.append(
            static_cast<const char*>(packet->data.frame.buf), static_cast<qsizetype>(packet->data.frame.sz));
        out.keyframe = out.keyframe || (packet->data.frame.flags & VPX_FRAME_IS_KEY) != 0;
    }
    if (out.data.isEmpty()) {
        // The rate control dropped the picture; a keyframe asked for goes with the next one.
        state.forceKeyframe = wantKeyframe;
        return std::optional<EncodedFrame> {};
    }
    state.forceKeyframe = wantKeyframe && !out.keyframe;
    out.pictureId = state.nextPictureId;
    state.nextPictureId = static_cast<std::uint16_t>((state.nextPictureId + 1) & kPictureIdMask);
    out.timestamp = videoTimestamp(frame.captureTime);
    out.width = frame.width;
    out.height = frame.height;
    out.captureTime = frame.captureTime;
    return std::optional<EncodedFrame>(std::move(out));
}

Status VideoEncoder::reconfigure(const VideoEncoderSettings& settings)
{
    if (auto valid = validate(settings); !valid) {
        return valid.error();
    }
    State& state = *m_state;
    if (settings.width != m_settings.width || settings.height != m_settings.height
        || threadsInUse(settings) != threadsInUse(m_settings)) {
        // libvpx can shrink a VP8 stream in place but not grow it; a fresh encoder handles both alike. The
        // picture ids and time stamps go on, so the receiver sees one stream that restarts at a keyframe.
        State fresh;
        if (auto opened = fresh.open(settings); !opened) {
            return opened;
        }
        state.codec = std::move(fresh.codec);
        state.image = std::move(fresh.image);
        state.config = fresh.config;
        state.forceKeyframe = true;
        m_settings = settings;
        return {};
    }
    applyRateSettings(state.config, settings);
    const vpx_codec_err_t error = vpx_codec_enc_config_set(state.codec.get(), &state.config);
    if (error != VPX_CODEC_OK) {
        return codecError(QStringLiteral("The video encoder refused the new bitrate"), error);
    }
    const vpx_codec_err_t intra = vpx_codec_control(state.codec.get(), VP8E_SET_MAX_INTRA_BITRATE_PCT,
        maxIntraBitratePercent(settings.frameRate, state.config.rc_buf_optimal_sz));
    if (intra != VPX_CODEC_OK) {
        return codecError(QStringLiteral("The video encoder refused the new frame rate"), intra);
    }
    m_settings = settings;
    return {};
}

} // namespace ward::media
