//===- ObjectWeights.cpp - embedded weights written beside the code -------===//

#include "ObjectWeights.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <cstring>
#include <vector>

using namespace llvm;
using namespace llvm::ELF;

static constexpr StringLiteral kSectionName = ".rodata.seqc_weights";

bool seqc::canAddWeightsToObjects(StringRef tripleName) {
  Triple triple(tripleName);
  return triple.isOSBinFormatELF() && triple.isArch64Bit() &&
         triple.isLittleEndian();
}

namespace {
/// Copies of ELF records at any offset of a byte buffer (which need not be
/// aligned for them).
template <typename T> T readAt(ArrayRef<char> bytes, uint64_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}
template <typename T>
void writeAt(MutableArrayRef<char> bytes, uint64_t offset, const T &value) {
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}
} // namespace

static Error malformed(StringRef path, const Twine &what) {
  return createStringError(inconvertibleErrorCode(),
                           "cannot add the weights to '" + path +
                               "': " + what);
}

Error seqc::addWeightsToObject(StringRef codePath,
                               ArrayRef<ObjectWeight> weights,
                               StringRef outputPath) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(codePath, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return malformed(codePath, buffer.getError().message());
  std::vector<char> object((*buffer)->getBufferStart(),
                           (*buffer)->getBufferEnd());
  buffer->reset();
  ArrayRef<char> bytes(object);
  auto inside = [&](uint64_t offset, uint64_t size) {
    return offset <= object.size() && size <= object.size() - offset;
  };

  if (!inside(0, sizeof(Elf64_Ehdr)))
    return malformed(codePath, "not an ELF object");
  auto header = readAt<Elf64_Ehdr>(bytes, 0);
  if (std::memcmp(header.e_ident, ElfMagic, 4) != 0 ||
      header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_ident[EI_DATA] != ELFDATA2LSB || header.e_type != ET_REL ||
      header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0 ||
      header.e_shnum >= SHN_LORESERVE - 1 ||
      header.e_shstrndx >= header.e_shnum ||
      !inside(header.e_shoff, uint64_t(header.e_shnum) * sizeof(Elf64_Shdr)))
    return malformed(codePath, "not a 64-bit little-endian relocatable ELF");
  std::vector<Elf64_Shdr> sections;
  for (unsigned i = 0; i < header.e_shnum; ++i)
    sections.push_back(
        readAt<Elf64_Shdr>(bytes, header.e_shoff + i * sizeof(Elf64_Shdr)));
  for (const Elf64_Shdr &section : sections)
    if (section.sh_type != SHT_NOBITS &&
        !inside(section.sh_offset, section.sh_size))
      return malformed(codePath, "a section lies outside the file");

  // The symbol table: the weights' undefined symbols.
  int symtabIndex = -1;
  for (auto [i, section] : llvm::enumerate(sections)) {
    if (section.sh_type == SHT_SYMTAB_SHNDX ||
        section.sh_type == SHT_LLVM_ADDRSIG)
      return malformed(codePath, "unsupported section type " +
                                     Twine(section.sh_type));
    if (section.sh_type == SHT_SYMTAB) {
      if (symtabIndex >= 0)
        return malformed(codePath, "two symbol tables");
      symtabIndex = i;
    }
  }
  if (symtabIndex < 0)
    return malformed(codePath, "no symbol table");
  Elf64_Shdr &symtab = sections[symtabIndex];
  if (symtab.sh_entsize != sizeof(Elf64_Sym) || symtab.sh_link >= sections.size())
    return malformed(codePath, "bad symbol table");
  const Elf64_Shdr &strtab = sections[symtab.sh_link];
  size_t symbolCount = symtab.sh_size / sizeof(Elf64_Sym);
  size_t firstGlobal = symtab.sh_info;
  if (firstGlobal > symbolCount)
    return malformed(codePath, "bad symbol table");
  std::vector<Elf64_Sym> symbols;
  for (size_t i = 0; i < symbolCount; ++i)
    symbols.push_back(
        readAt<Elf64_Sym>(bytes, symtab.sh_offset + i * sizeof(Elf64_Sym)));
  auto nameOf = [&](const Elf64_Sym &symbol) -> StringRef {
    if (symbol.st_name >= strtab.sh_size)
      return {};
    const char *start = object.data() + strtab.sh_offset + symbol.st_name;
    return StringRef(start, strnlen(start, strtab.sh_size - symbol.st_name));
  };
  StringMap<size_t> weightByName;
  for (auto [i, weight] : llvm::enumerate(weights))
    weightByName[weight.name] = i;
  // Symbol index of each weight, or 0 when the code does not name it.
  std::vector<size_t> weightSymbol(weights.size(), 0);
  for (size_t i = firstGlobal; i < symbolCount; ++i) {
    if (symbols[i].st_shndx != SHN_UNDEF)
      continue;
    auto it = weightByName.find(nameOf(symbols[i]));
    if (it != weightByName.end())
      weightSymbol[it->second] = i;
  }

  // The new section's layout.
  uint64_t sectionAlignment = 1, sectionSize = 0;
  std::vector<uint64_t> weightOffset(weights.size(), 0);
  size_t placed = 0;
  for (auto [i, weight] : llvm::enumerate(weights)) {
    if (!weightSymbol[i])
      continue;
    uint64_t alignment = std::max<uint64_t>(PowerOf2Ceil(weight.alignment), 64);
    sectionAlignment = std::max(sectionAlignment, alignment);
    sectionSize = alignTo(sectionSize, alignment);
    weightOffset[i] = sectionSize;
    sectionSize += weight.bytes.size();
    ++placed;
  }
  uint16_t newSection = header.e_shnum;
  auto writeFile = [&](function_ref<void(raw_fd_ostream &)> write) -> Error {
    std::error_code ec;
    ToolOutputFile output(outputPath, ec, sys::fs::OF_None);
    if (ec)
      return createStringError(ec, "cannot write '" + outputPath +
                                       "': " + ec.message());
    write(output.os());
    output.os().flush();
    if (output.os().has_error())
      return createStringError(output.os().error(),
                               "cannot write '" + outputPath + "': " +
                                   output.os().error().message());
    output.keep();
    return Error::success();
  };
  if (!placed)
    return writeFile(
        [&](raw_fd_ostream &os) { os.write(object.data(), object.size()); });

  // Symbols: the locals, the weights (now local), the other globals; the
  // relocations renumbered to match.
  std::vector<uint32_t> newIndex(symbolCount);
  std::vector<Elf64_Sym> reordered(symbols.begin(),
                                   symbols.begin() + firstGlobal);
  for (size_t i = 0; i < firstGlobal; ++i)
    newIndex[i] = i;
  for (auto [i, weight] : llvm::enumerate(weights)) {
    if (!weightSymbol[i])
      continue;
    Elf64_Sym symbol = symbols[weightSymbol[i]];
    symbol.setBindingAndType(STB_LOCAL, STT_OBJECT);
    symbol.st_other = STV_DEFAULT;
    symbol.st_shndx = newSection;
    symbol.st_value = weightOffset[i];
    symbol.st_size = weight.bytes.size();
    newIndex[weightSymbol[i]] = reordered.size();
    reordered.push_back(symbol);
  }
  std::vector<bool> isWeight(symbolCount, false);
  for (size_t index : weightSymbol)
    if (index)
      isWeight[index] = true;
  for (size_t i = firstGlobal; i < symbolCount; ++i)
    if (!isWeight[i]) {
      newIndex[i] = reordered.size();
      reordered.push_back(symbols[i]);
    }
  MutableArrayRef<char> writable(object);
  for (auto [i, symbol] : llvm::enumerate(reordered))
    writeAt(writable, symtab.sh_offset + i * sizeof(Elf64_Sym), symbol);
  symtab.sh_info = firstGlobal + placed;
  auto renumber = [&](uint64_t index) -> Expected<uint64_t> {
    if (index >= symbolCount)
      return malformed(codePath, "a relocation names no symbol");
    return newIndex[index];
  };
  for (Elf64_Shdr &section : sections) {
    if (section.sh_link != unsigned(symtabIndex))
      continue;
    if (section.sh_type == SHT_RELA || section.sh_type == SHT_REL) {
      size_t size =
          section.sh_type == SHT_RELA ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel);
      if (section.sh_entsize != size)
        return malformed(codePath, "bad relocation section");
      for (uint64_t at = section.sh_offset,
                    end = section.sh_offset + section.sh_size;
           at + size <= end; at += size) {
        // r_info is the second word of both.
        uint64_t info = readAt<uint64_t>(bytes, at + 8);
        Expected<uint64_t> index = renumber(info >> 32);
        if (!index)
          return index.takeError();
        writeAt<uint64_t>(writable, at + 8,
                          (*index << 32) | (info & 0xffffffffu));
      }
    } else if (section.sh_type == SHT_GROUP) {
      Expected<uint64_t> index = renumber(section.sh_info);
      if (!index)
        return index.takeError();
      section.sh_info = *index;
    }
  }

  // The file: the code object as rewritten, the weights, the section names
  // with the new one, the section headers with the new one.
  Elf64_Shdr &names = sections[header.e_shstrndx];
  std::string newNames(object.data() + names.sh_offset, names.sh_size);
  uint32_t nameOffset = newNames.size();
  newNames += kSectionName;
  newNames += '\0';
  uint64_t dataOffset = alignTo(object.size(), sectionAlignment);
  uint64_t namesOffset = dataOffset + sectionSize;
  uint64_t headersOffset = alignTo(namesOffset + newNames.size(), 8);
  names.sh_offset = namesOffset;
  names.sh_size = newNames.size();
  Elf64_Shdr weightsSection = {};
  weightsSection.sh_name = nameOffset;
  weightsSection.sh_type = SHT_PROGBITS;
  weightsSection.sh_flags = SHF_ALLOC;
  weightsSection.sh_offset = dataOffset;
  weightsSection.sh_size = sectionSize;
  weightsSection.sh_addralign = sectionAlignment;
  sections.push_back(weightsSection);
  header.e_shoff = headersOffset;
  header.e_shnum = sections.size();
  writeAt(writable, 0, header);

  return writeFile([&](raw_fd_ostream &os) {
    os.write(object.data(), object.size());
    uint64_t at = object.size();
    auto padTo = [&](uint64_t offset) {
      os.write_zeros(offset - at);
      at = offset;
    };
    padTo(dataOffset);
    for (auto [i, weight] : llvm::enumerate(weights)) {
      if (!weightSymbol[i])
        continue;
      padTo(dataOffset + weightOffset[i]);
      os.write(weight.bytes.data(), weight.bytes.size());
      at += weight.bytes.size();
    }
    padTo(namesOffset);
    os << newNames;
    at += newNames.size();
    padTo(headersOffset);
    for (const Elf64_Shdr &section : sections)
      os.write(reinterpret_cast<const char *>(&section), sizeof(section));
  });
}
