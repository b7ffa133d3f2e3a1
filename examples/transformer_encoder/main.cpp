//===- main.cpp - Calls the AOT-compiled encoder.seq on .npy inputs -------===//
//
// Links the object that seqc made of encoder.seq, reads x and lengths from
// .npy files, calls seqc_encoder and prints the output, its difference from
// a reference and the time per call:
//
//   seqc encoder.seq --weights encoder.safetensors -o encoder.o \
//       --header encoder.h
//   clang++ -std=c++17 -O2 -I. main.cpp encoder.o -lm -o encoder
//   ./encoder x.npy lengths.npy --reference reference.npy --repeat 20 \
//       --threads 1 --threads 2
//
// --output writes the output to a .npy file; each --threads N times the
// calls at N threads (default: the runtime's, one per CPU).
//
//===----------------------------------------------------------------------===//

#include "encoder.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// The static d_model of encoder.seq (the header documents x as
/// [batch, seq, 256]).
constexpr int64_t kDModel = 256;

/// An error about one file; main prints it as "FILE: message".
struct FileError : std::runtime_error {
  FileError(const std::string &path, const std::string &message)
      : std::runtime_error(path + ": " + message) {}
};

/// A .npy array: its dtype descriptor ('<f4', '<i8', ...), shape and bytes.
struct Npy {
  std::string path;
  std::string descr;
  std::vector<int64_t> shape;
  std::vector<char> bytes;

  int64_t size() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

/// The text after `'key':` in a .npy header dict, up to the next ',' or '}'
/// at depth 0 (a shape tuple keeps its commas).
std::string headerValue(const std::string &path, const std::string &header,
                        const std::string &key) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos)
    throw FileError(path, "malformed .npy header: no '" + key + "'");
  at = header.find(':', at);
  if (at == std::string::npos)
    throw FileError(path, "malformed .npy header after '" + key + "'");
  size_t end = ++at;
  int depth = 0;
  for (; end < header.size(); ++end) {
    char c = header[end];
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  std::string value = header.substr(at, end - at);
  size_t first = value.find_first_not_of(" \t");
  size_t last = value.find_last_not_of(" \t");
  return first == std::string::npos ? ""
                                    : value.substr(first, last - first + 1);
}

Npy readNpy(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw FileError(path, "cannot open: " + std::string(std::strerror(errno)));
  std::vector<char> all((std::istreambuf_iterator<char>(file)),
                        std::istreambuf_iterator<char>());
  static const char magic[] = "\x93NUMPY";
  if (all.size() < 10 || std::memcmp(all.data(), magic, 6) != 0)
    throw FileError(path, "not a .npy file (bad magic)");
  unsigned major = static_cast<unsigned char>(all[6]);
  size_t headerLength, headerStart;
  auto byte = [&](size_t i) -> size_t {
    return static_cast<unsigned char>(all[i]);
  };
  if (major == 1) {
    headerLength = byte(8) | byte(9) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (all.size() < 12)
      throw FileError(path, "truncated .npy header");
    headerLength = byte(8) | byte(9) << 8 | byte(10) << 16 | byte(11) << 24;
    headerStart = 12;
  } else {
    throw FileError(path, "unsupported .npy version " + std::to_string(major));
  }
  if (headerStart + headerLength > all.size())
    throw FileError(path, "truncated .npy header");
  std::string header(all.data() + headerStart, headerLength);

  Npy npy;
  npy.path = path;
  std::string descr = headerValue(path, header, "descr");
  if (descr.size() < 2 || (descr.front() != '\'' && descr.front() != '"'))
    throw FileError(path, "malformed dtype " + descr);
  npy.descr = descr.substr(1, descr.size() - 2);
  if (headerValue(path, header, "fortran_order") != "False")
    throw FileError(path, "Fortran-ordered arrays are not supported "
                          "(save a C-contiguous array)");
  std::string shape = headerValue(path, header, "shape");
  if (shape.size() < 2 || shape.front() != '(' || shape.back() != ')')
    throw FileError(path, "malformed shape " + shape);
  for (size_t i = 1; i + 1 < shape.size();) {
    size_t next = shape.find(',', i);
    if (next == std::string::npos)
      next = shape.size() - 1;
    std::string item = shape.substr(i, next - i);
    if (item.find_first_not_of(" ") != std::string::npos) {
      char *end = nullptr;
      long long d = std::strtoll(item.c_str(), &end, 10);
      if (d < 0 || item.find_first_not_of(" ", end - item.c_str()) !=
                       std::string::npos)
        throw FileError(path, "malformed shape " + shape);
      npy.shape.push_back(d);
      // Bounds the element count, so that size() cannot overflow.
      if (d > 0 && npy.size() > (int64_t(1) << 40))
        throw FileError(path, "shape " + shape + " is too large");
    }
    i = next + 1;
  }

  size_t itemSize;
  if (npy.descr == "<f4" || npy.descr == "<i4")
    itemSize = 4;
  else if (npy.descr == "<i8")
    itemSize = 8;
  else
    throw FileError(path, "unsupported dtype '" + npy.descr +
                              "' (expected '<f4', '<i4' or '<i8')");
  size_t dataStart = headerStart + headerLength;
  size_t expected = static_cast<size_t>(npy.size()) * itemSize;
  if (all.size() - dataStart != expected)
    throw FileError(path, "has " + std::to_string(all.size() - dataStart) +
                              " data bytes, expected " +
                              std::to_string(expected) + " for " + npy.descr +
                              " " + shapeString(npy.shape));
  npy.bytes.assign(all.begin() + dataStart, all.end());
  return npy;
}

std::vector<float> asFloats(const Npy &npy) {
  if (npy.descr != "<f4")
    throw FileError(npy.path, "expected float32 ('<f4'), got '" + npy.descr +
                                  "'");
  std::vector<float> values(npy.size());
  std::memcpy(values.data(), npy.bytes.data(), npy.bytes.size());
  return values;
}

std::vector<int64_t> asInt64s(const Npy &npy) {
  std::vector<int64_t> values(npy.size());
  if (npy.descr == "<i8") {
    std::memcpy(values.data(), npy.bytes.data(), npy.bytes.size());
  } else if (npy.descr == "<i4") {
    std::vector<int32_t> narrow(npy.size());
    std::memcpy(narrow.data(), npy.bytes.data(), npy.bytes.size());
    std::copy(narrow.begin(), narrow.end(), values.begin());
  } else {
    throw FileError(npy.path, "expected integers ('<i8' or '<i4'), got '" +
                                  npy.descr + "'");
  }
  return values;
}

void writeNpy(const std::string &path, const std::vector<int64_t> &shape,
              const std::vector<float> &values) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (int64_t d : shape)
    header += std::to_string(d) + ", ";
  header += "), }";
  // Magic, version, length and header are padded to a multiple of 64.
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  std::ofstream file(path, std::ios::binary);
  file.write("\x93NUMPY\x01\x00", 8);
  char length[2] = {static_cast<char>(header.size() & 0xff),
                    static_cast<char>(header.size() >> 8)};
  file.write(length, 2);
  file.write(header.data(), header.size());
  file.write(reinterpret_cast<const char *>(values.data()),
             values.size() * sizeof(float));
  if (!file)
    throw FileError(path, "cannot write");
}

struct Options {
  std::string x, lengths, reference, output;
  int repeat = 20;
  /// Thread counts to time at; none: the runtime's default.
  std::vector<int> threads;
};

[[noreturn]] void usage(const char *argv0) {
  std::fprintf(stderr,
               "usage: %s X.npy LENGTHS.npy [--reference REF.npy] "
               "[--output OUT.npy] [--repeat N] [--threads N]...\n",
               argv0);
  std::exit(2);
}

int parseCount(const char *argv0, const std::string &text) {
  char *end = nullptr;
  long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < 0 || value > 1000000)
    usage(argv0);
  return static_cast<int>(value);
}

Options parseOptions(int argc, char **argv) {
  Options options;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        usage(argv[0]);
      return argv[++i];
    };
    if (arg == "--reference")
      options.reference = value();
    else if (arg == "--output")
      options.output = value();
    else if (arg == "--repeat")
      options.repeat = parseCount(argv[0], value());
    else if (arg == "--threads")
      options.threads.push_back(parseCount(argv[0], value()));
    else if (arg.rfind("--", 0) == 0)
      usage(argv[0]);
    else
      positional.push_back(arg);
  }
  if (positional.size() != 2)
    usage(argv[0]);
  options.x = positional[0];
  options.lengths = positional[1];
  return options;
}

int run(const Options &options) {
  Npy xNpy = readNpy(options.x);
  if (xNpy.shape.size() != 3 || xNpy.shape[2] != kDModel)
    throw FileError(options.x, "expected x of shape [batch, seq, " +
                                   std::to_string(kDModel) + "], got " +
                                   shapeString(xNpy.shape));
  int64_t batch = xNpy.shape[0], seq = xNpy.shape[1];
  std::vector<float> x = asFloats(xNpy);

  Npy lengthsNpy = readNpy(options.lengths);
  if (lengthsNpy.shape != std::vector<int64_t>{batch})
    throw FileError(options.lengths,
                    "expected lengths of shape [" + std::to_string(batch) +
                        "] (the batch of x), got " +
                        shapeString(lengthsNpy.shape));
  std::vector<int64_t> lengths = asInt64s(lengthsNpy);
  for (int64_t length : lengths)
    if (length < 0 || length > seq)
      throw FileError(options.lengths,
                      "length " + std::to_string(length) +
                          " is outside [0, " + std::to_string(seq) + "]");

  std::vector<int64_t> shape = {batch, seq, kDModel};
  std::vector<float> out(batch * seq * kDModel);
  int status = seqc_encoder(batch, seq, x.data(), lengths.data(), out.data());
  if (status != SEQC_OK) {
    std::fprintf(stderr, "seqc_encoder failed with status %d%s\n", status,
                 status == SEQC_BAD_DIM ? " (SEQC_BAD_DIM: a dim is 0)" : "");
    return 1;
  }

  std::printf("seqc_encoder: x %s, lengths [", shapeString(xNpy.shape).c_str());
  for (int64_t b = 0; b < std::min<int64_t>(batch, 8); ++b)
    std::printf("%s%lld", b ? ", " : "", static_cast<long long>(lengths[b]));
  if (batch > 8)
    std::printf(", ...");
  std::printf("] -> out %s\n", shapeString(shape).c_str());
  std::printf("out[0, 0, :6] =");
  for (int64_t i = 0; i < std::min<int64_t>(6, kDModel); ++i)
    std::printf(" %.6f", out[i]);
  std::printf("\n");

  int result = 0;
  if (!options.reference.empty()) {
    Npy refNpy = readNpy(options.reference);
    if (refNpy.shape != shape)
      throw FileError(options.reference, "expected shape " +
                                             shapeString(shape) + ", got " +
                                             shapeString(refNpy.shape));
    std::vector<float> reference = asFloats(refNpy);
    // Padded positions are not compared: PyTorch leaves them undefined.
    double maxAbs = 0, maxRef = 0;
    int64_t valid = 0;
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t t = 0; t < lengths[b]; ++t, ++valid)
        for (int64_t i = 0; i < kDModel; ++i) {
          int64_t at = (b * seq + t) * kDModel + i;
          maxAbs = std::max(maxAbs, std::fabs(double(out[at]) - reference[at]));
          maxRef = std::max(maxRef, std::fabs(double(reference[at])));
        }
    bool ok = maxAbs <= 1e-4 * std::max(1.0, maxRef);
    std::printf("max abs difference from %s on %lld valid positions: %.3g "
                "(relative %.3g) %s\n",
                options.reference.c_str(), static_cast<long long>(valid),
                maxAbs, maxRef > 0 ? maxAbs / maxRef : 0.0,
                ok ? "ok" : "MISMATCH");
    result = ok ? 0 : 1;
  }

  if (!options.output.empty())
    writeNpy(options.output, shape, out);

  std::vector<int> threadCounts = options.threads;
  if (threadCounts.empty())
    threadCounts.push_back(0);
  for (int threadCount : threadCounts) {
    if (options.repeat == 0)
      break;
    seqc_set_num_threads(threadCount);
    // One warm-up call: the thread pool starts at the first parallel loop.
    seqc_encoder(batch, seq, x.data(), lengths.data(), out.data());
    std::vector<double> times;
    for (int i = 0; i < options.repeat; ++i) {
      auto start = std::chrono::steady_clock::now();
      seqc_encoder(batch, seq, x.data(), lengths.data(), out.data());
      auto stop = std::chrono::steady_clock::now();
      times.push_back(std::chrono::duration<double, std::milli>(stop - start)
                          .count());
    }
    std::sort(times.begin(), times.end());
    int threads = seqc_get_num_threads();
    std::printf("seqc: %.3f ms per call (median of %d, min %.3f), %d "
                "thread%s\n",
                times[times.size() / 2], options.repeat, times.front(),
                threads, threads == 1 ? "" : "s");
  }
  return result;
}

} // namespace

int main(int argc, char **argv) {
  Options options = parseOptions(argc, argv);
  try {
    return run(options);
  } catch (const std::exception &error) {
    std::fprintf(stderr, "%s: error: %s\n", argv[0], error.what());
    return 2;
  }
}
