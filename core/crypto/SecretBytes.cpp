#include "crypto/SecretBytes.h"

#include "crypto/Sodium.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

namespace ward::crypto {

namespace {
std::uint8_t* allocate(std::size_t size)
{
    if (size == 0) {
        return nullptr;
    }
    ensureSodium();
    auto* p = static_cast<std::uint8_t*>(sodium_malloc(size));
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    return p;
}
} // namespace

SecretBytes::SecretBytes(std::size_t size)
    : m_data(allocate(size))
    , m_size(size)
{
    if (m_data != nullptr) {
        sodium_memzero(m_data, m_size);
    }
}

SecretBytes::SecretBytes(const std::uint8_t* data, std::size_t size)
    : m_data(allocate(size))
    , m_size(size)
{
    if (size != 0) {
        std::memcpy(m_data, data, size);
    }
}

SecretBytes::~SecretBytes()
{
    clear();
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : m_data(other.m_data)
    , m_size(other.m_size)
{
    other.m_data = nullptr;
    other.m_size = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept
{
    if (this != &other) {
        clear();
        m_data = other.m_data;
        m_size = other.m_size;
        other.m_data = nullptr;
        other.m_size = 0;
    }
    return *this;
}

SecretBytes SecretBytes::random(std::size_t size)
{
    SecretBytes out(size);
    if (size != 0) {
        randombytes_buf(out.m_data, size);
    }
    return out;
}

void SecretBytes::resize(std::size_t newSize)
{
    if (newSize == m_size) {
        return;
    }
    SecretBytes next(newSize);
    const std::size_t keep = newSize < m_size ? newSize : m_size;
    if (keep != 0) {
        std::memcpy(next.m_data, m_data, keep);
    }
    *this = std::move(next);
}

void SecretBytes::append(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) {
        return;
    }
    const std::size_t old = m_size;
    resize(old + size);
    std::memcpy(m_data + old, data, size);
}

SecretBytes SecretBytes::clone() const
{
    return SecretBytes(m_data, m_size);
}

void SecretBytes::clear()
{
    if (m_data != nullptr) {
        sodium_free(m_data); // wipes before releasing
    }
    m_data = nullptr;
    m_size = 0;
}

bool SecretBytes::equals(const SecretBytes& other) const
{
    if (m_size != other.m_size) {
        return false;
    }
    if (m_size == 0) {
        return true;
    }
    return sodium_memcmp(m_data, other.m_data, m_size) == 0;
}

} // namespace ward::crypto
