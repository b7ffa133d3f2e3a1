//===- Target.cpp - the one description of the CPU compiled for ----------===//

#include "seqc/Target/Target.h"
#include "seq/SeqDialect.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>

using namespace mlir;

namespace seqc {

void initializeNativeTarget() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

namespace {

struct CacheSizes {
  int64_t l1, l2;
};

/// Per-core data caches of LLVM's x86 CPUs, by family; a CPU not listed
/// gets a conservative 32 KiB / 256 KiB.
CacheSizes getNamedCpuCaches(llvm::StringRef cpu) {
  constexpr int64_t K = 1024;
  struct Entry {
    const char *prefix;
    CacheSizes caches;
  };
  static const Entry table[] = {
      {"sapphirerapids", {48 * K, 2048 * K}},
      {"emeraldrapids", {48 * K, 2048 * K}},
      {"graniterapids", {48 * K, 2048 * K}},
      {"icelake-server", {48 * K, 1280 * K}},
      {"icelake-client", {48 * K, 512 * K}},
      {"tigerlake", {48 * K, 1280 * K}},
      {"alderlake", {48 * K, 1280 * K}},
      {"raptorlake", {48 * K, 2048 * K}},
      {"skylake-avx512", {32 * K, 1024 * K}},
      {"cascadelake", {32 * K, 1024 * K}},
      {"cooperlake", {32 * K, 1024 * K}},
      {"znver1", {32 * K, 512 * K}},
      {"znver2", {32 * K, 512 * K}},
      {"znver3", {32 * K, 512 * K}},
      {"znver4", {32 * K, 1024 * K}},
      {"znver5", {48 * K, 1024 * K}},
      {"x86-64-v4", {32 * K, 1024 * K}},
  };
  for (const Entry &entry : table)
    if (cpu.starts_with(entry.prefix))
      return entry.caches;
  return {32 * K, 256 * K};
}

/// "48K", "2048K", "1M" as sysfs writes them.
std::optional<int64_t> parseCacheSize(llvm::StringRef text) {
  text = text.trim();
  int64_t scale = 1;
  if (text.consume_back("K"))
    scale = 1024;
  else if (text.consume_back("M"))
    scale = 1024 * 1024;
  int64_t value;
  if (text.getAsInteger(10, value) || value <= 0)
    return std::nullopt;
  return value * scale;
}

std::optional<std::string> readSmallFile(const llvm::Twine &path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return std::nullopt;
  return (*buffer)->getBuffer().trim().str();
}

/// This machine's per-core L1d and L2 from sysfs, else the table's guess.
CacheSizes getHostCaches(llvm::StringRef cpu) {
  CacheSizes caches = getNamedCpuCaches(cpu);
  for (int index = 0; index < 8; ++index) {
    std::string dir =
        "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    std::optional<std::string> level = readSmallFile(dir + "/level");
    std::optional<std::string> type = readSmallFile(dir + "/type");
    std::optional<std::string> size = readSmallFile(dir + "/size");
    if (!level || !type || !size)
      continue;
    std::optional<int64_t> bytes = parseCacheSize(*size);
    if (!bytes)
      continue;
    if (*level == "1" && *type == "Data")
      caches.l1 = *bytes;
    else if (*level == "2" && (*type == "Unified" || *type == "Data"))
      caches.l2 = *bytes;
  }
  if (caches.l2 < caches.l1)
    caches.l2 = caches.l1;
  return caches;
}

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string getHostFeatureString() {
  SmallVector<std::string> enabled;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    enabled.push_back((feature.getValue() ? "+" : "-") + feature.getKey().str());
  llvm::sort(enabled);
  return llvm::join(enabled, ",");
}

} // namespace

llvm::Expected<TargetDescription>
TargetDescription::get(llvm::StringRef cpu, llvm::StringRef features) {
  initializeNativeTarget();
  TargetDescription target;
  target.triple = llvm::sys::getProcessTriple();
  bool isHost = cpu.empty() || cpu == "host";
  target.cpu = isHost ? llvm::sys::getHostCPUName().str() : cpu.str();
  std::string allFeatures = isHost ? getHostFeatureString() : std::string();
  if (!features.empty())
    allFeatures += (allFeatures.empty() ? "" : ",") + features.str();
  target.features = allFeatures;

  std::string error;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(target.triple, error);
  if (!llvmTarget)
    return makeError("no target for " + target.triple + ": " + error);
  // Checked before LLVM sees them: it only warns on stderr about unknown
  // CPUs and features.
  std::unique_ptr<llvm::MCSubtargetInfo> generic(
      llvmTarget->createMCSubtargetInfo(target.triple, "", ""));
  if (!generic || !generic->isCPUStringValid(target.cpu))
    return makeError("unknown --target-cpu '" + target.cpu + "' for " +
                     target.triple);
  SmallVector<llvm::StringRef> requested;
  llvm::StringRef(features).split(requested, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef feature : requested) {
    feature = feature.trim();
    if (!feature.consume_front("+") && !feature.consume_front("-"))
      return makeError("--target-features: '" + feature +
                       "' must start with '+' or '-'");
    bool known = llvm::any_of(generic->getAllProcessorFeatures(),
                              [&](const llvm::SubtargetFeatureKV &kv) {
                                return feature == kv.Key;
                              });
    if (!known)
      return makeError("--target-features: unknown feature '" + feature +
                       "' for " + target.triple);
  }
  std::unique_ptr<llvm::MCSubtargetInfo> info(llvmTarget->createMCSubtargetInfo(
      target.triple, target.cpu, target.features));
  if (!info)
    return makeError("cannot describe CPU '" + target.cpu + "'");
  bool avx512 = info->checkFeatures("+avx512f");
  bool avx = info->checkFeatures("+avx");
  target.vectorBits = avx512 ? 512 : avx ? 256 : 128;
  target.vectorRegisters = avx512 ? 32 : 16;
  CacheSizes caches =
      isHost ? getHostCaches(target.cpu) : getNamedCpuCaches(target.cpu);
  target.l1Bytes = caches.l1;
  target.l2Bytes = caches.l2;
  return target;
}

TargetDescription TargetDescription::host() {
  llvm::Expected<TargetDescription> target = get("host", "");
  if (target)
    return *target;
  llvm::consumeError(target.takeError());
  return fallback();
}

TargetDescription TargetDescription::fallback() {
  TargetDescription target;
  target.triple = llvm::sys::getProcessTriple();
  target.cpu = "x86-64-v3";
  target.vectorBits = 256;
  target.vectorRegisters = 16;
  target.l1Bytes = 32 * 1024;
  target.l2Bytes = 256 * 1024;
  return target;
}

seq::TargetAttr TargetDescription::toAttr(MLIRContext *context) const {
  context->getOrLoadDialect<seq::SeqDialect>();
  return seq::TargetAttr::get(context, triple, cpu, features, vectorBits,
                              vectorRegisters, l1Bytes, l2Bytes);
}

TargetDescription TargetDescription::fromAttr(seq::TargetAttr attr) {
  TargetDescription target;
  target.triple = attr.getTriple().str();
  target.cpu = attr.getCpu().str();
  target.features = attr.getFeatures().str();
  target.vectorBits = attr.getVectorBits();
  target.vectorRegisters = attr.getVectorRegisters();
  target.l1Bytes = attr.getL1Bytes();
  target.l2Bytes = attr.getL2Bytes();
  return target;
}

/// LLVM's loop strength reduction took a third of the back end's time on
/// the kernels' unrolled vector loops (the example encoder: 0.31 of 0.89 s)
/// and bought nothing at run time (bench/models, Xeon, 2026-12-04: every
/// row equal or faster without it), so it is off unless the command line
/// sets --disable-lsr itself.
static void applyCodeGenDefaults() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::StringMap<llvm::cl::Option *> &options =
        llvm::cl::getRegisteredOptions();
    auto it = options.find("disable-lsr");
    if (it == options.end())
      return;
    auto *disableLsr = static_cast<llvm::cl::opt<bool> *>(it->second);
    if (disableLsr->getNumOccurrences() == 0)
      disableLsr->setValue(true);
  });
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
TargetDescription::createTargetMachine(llvm::CodeGenOptLevel level,
                                       bool forJit) const {
  initializeNativeTarget();
  applyCodeGenDefaults();
  if (forJit)
    return getJITTargetMachineBuilder(level).createTargetMachine();
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return makeError("no target for " + triple + ": " + error);
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, options, llvm::Reloc::PIC_, std::nullopt, level));
  if (!machine)
    return makeError("cannot create a target machine for " + triple);
  return machine;
}

llvm::orc::JITTargetMachineBuilder
TargetDescription::getJITTargetMachineBuilder(llvm::CodeGenOptLevel level) const {
  llvm::orc::JITTargetMachineBuilder builder{llvm::Triple(triple)};
  builder.setCPU(cpu);
  SmallVector<llvm::StringRef> list;
  llvm::StringRef(features).split(list, ',', -1, /*KeepEmpty=*/false);
  std::vector<std::string> featureVec;
  for (llvm::StringRef feature : list)
    featureVec.push_back(feature.str());
  builder.addFeatures(featureVec);
  builder.setCodeGenOptLevel(level);
  return builder;
}

void TargetDescription::applyToFunctions(llvm::Module &module) const {
  std::string width = std::to_string(vectorBits);
  for (llvm::Function &function : module) {
    if (function.isDeclaration())
      continue;
    function.addFnAttr("target-cpu", cpu);
    if (!features.empty())
      function.addFnAttr("target-features", features);
    else
      function.removeFnAttr("target-features");
    function.addFnAttr("prefer-vector-width", width);
    function.addFnAttr("min-legal-vector-width", width);
  }
}

TargetDescription getTarget(Operation *op) {
  auto module = llvm::dyn_cast<ModuleOp>(op);
  if (!module)
    module = op->getParentOfType<ModuleOp>();
  // The outermost module carries it.
  while (module) {
    if (auto attr =
            module->getAttrOfType<seq::TargetAttr>(kTargetAttrName.str()))
      return TargetDescription::fromAttr(attr);
    module = module->getParentOfType<ModuleOp>();
  }
  return TargetDescription::fallback();
}

void setTarget(ModuleOp module, const TargetDescription &target) {
  module->setAttr(kTargetAttrName, target.toAttr(module.getContext()));
}

llvm::Error attachTarget(ModuleOp module, llvm::StringRef cpu,
                         llvm::StringRef features) {
  if (cpu.empty() && features.empty() && module->hasAttr(kTargetAttrName))
    return llvm::Error::success();
  llvm::Expected<TargetDescription> target = TargetDescription::get(cpu, features);
  if (!target)
    return target.takeError();
  setTarget(module, *target);
  return llvm::Error::success();
}

} // namespace seqc
