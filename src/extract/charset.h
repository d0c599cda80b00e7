// Charset detection and conversion to UTF-8 (ICU).
#pragma once

#include <string>
#include <string_view>

namespace newstrace::extract {

// The charset of a page's bytes, as a canonical lower-case name ("utf-8",
// "windows-1252", "shift_jis", ...). Order of evidence: byte-order mark, then
// `declared` (e.g. from an HTTP Content-Type header), then <meta charset> /
// <meta http-equiv="Content-Type"> in the first 4 KB, then "utf-8" when the
// bytes are valid UTF-8 (a sequence cut short at the very end allowed), else
// "windows-1252" (what browsers assume). `declared` may be a bare label or a
// whole Content-Type value ("text/html; charset=ISO-8859-1"); an unknown label
// is ignored. A <meta> saying UTF-16 means "utf-8" (no BOM, so not UTF-16).
// "iso-8859-1" and "us-ascii" labels map to "windows-1252" as in the WHATWG
// Encoding standard.
std::string DetectCharset(std::string_view bytes, std::string_view declared = {});

// Converts `bytes` in `charset` to valid UTF-8, dropping a leading BOM (a BOM
// overrides `charset`, as in the WHATWG decode algorithm).
// Invalid or unmappable sequences become U+FFFD; an unknown charset name is
// treated as windows-1252. Never fails.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// The same text as ToUtf8 without copying valid UTF-8: returns `bytes` itself
// (less a UTF-8 BOM) when they are valid UTF-8 in `charset`; otherwise stores
// the converted text in `*storage` and returns a view of it. The result is
// valid while `bytes` and `*storage` are alive and unchanged.
std::string_view ToUtf8View(std::string_view bytes, std::string_view charset, std::string* storage);

// ToUtf8View(bytes, DetectCharset(bytes, declared), storage), reading the bytes
// once instead of twice when no label says the charset (the UTF-8 check that
// picks the charset is the one that allows returning `bytes` itself).
// `*charset`, when not null, receives DetectCharset's answer.
std::string_view DetectAndConvertToUtf8(std::string_view bytes, std::string_view declared,
                                        std::string* storage, std::string* charset = nullptr);

// True when `bytes` is valid UTF-8.
bool IsValidUtf8(std::string_view bytes);

}  // namespace newstrace::extract
