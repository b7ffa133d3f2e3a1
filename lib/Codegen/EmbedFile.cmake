# cmake -DINPUT=file -DOUTPUT=file.inc -P EmbedFile.cmake: writes the bytes of
# INPUT as a C array initializer list ("0x12,0x34,...").
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUTPUT}" "${bytes}\n")
