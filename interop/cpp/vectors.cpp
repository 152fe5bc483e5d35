// Reads SBE frames with the C++ codecs that SBE's own tool generated
// (interop/cpp/build/generated, written by scripts/interop-build.sh), for the
// cross-language tests in package interop.
//
// usage: sbe-vectors [-read] SCHEMA FILE...
//
// SCHEMA is the file name of a schema's XML without ".xml". For every frame
// the program decodes the message into the generated DTO, encodes the DTO
// again with the generated encoder and compares the bytes (not with -read,
// for frames of another version of the schema), then prints two lines:
// "ok FILE" or "FAIL FILE: reason", and the message as the generated codec
// prints it (its JSON-like text, floats with 17 digits).
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "baseline/MessageHeader.h"
#include "baseline/Car.h"
#include "baseline/CarDto.h"
#include "extension/MessageHeader.h"
#include "extension/Car.h"
#include "extension/CarDto.h"
#include "market/MessageHeader.h"
#include "market/Quote.h"
#include "market/QuoteDto.h"
#include "market/Trade.h"
#include "market/TradeDto.h"
#include "market/BookSnapshot.h"
#include "market/BookSnapshotDto.h"
#include "aotelemetry/MessageHeader.h"
#include "aotelemetry/WavefrontFrame.h"
#include "aotelemetry/WavefrontFrameDto.h"
#include "aotelemetry/MirrorCommand.h"
#include "aotelemetry/MirrorCommandDto.h"
#include "evolution_v0/MessageHeader.h"
#include "evolution_v0/Order.h"
#include "evolution_v0/OrderDto.h"
#include "evolution_v0/Amend.h"
#include "evolution_v0/AmendDto.h"
#include "evolution_v1/MessageHeader.h"
#include "evolution_v1/Order.h"
#include "evolution_v1/OrderDto.h"
#include "evolution_v1/Amend.h"
#include "evolution_v1/AmendDto.h"

namespace
{

struct Result
{
    std::string problem;
    std::string text;
};

// readOnly is set by -read: frames are decoded, not re-encoded.
bool readOnly = false;

// roundTrip decodes frame as a Codec message with its DTO, re-encodes the
// DTO (header included) and compares the bytes.
template <typename Header, typename Codec, typename Dto>
Result roundTrip(std::vector<char> &frame)
{
    Result r;
    Header header;
    header.wrap(frame.data(), 0, Header::sbeSchemaVersion(), frame.size());
    if (header.templateId() != Codec::sbeTemplateId() || header.schemaId() != Codec::sbeSchemaId())
    {
        r.problem = "not a " + std::string(Codec::sbeSemanticType()) + " frame";
        return r;
    }
    const std::uint64_t offset = Header::encodedLength();
    Dto dto = Dto::decodeFrom(frame.data(), offset, header.blockLength(), header.version(), frame.size());
    // With -read the DTO is only decoded: SBE's C++ DTOs of a newer schema
    // version cannot encode what they decoded from an older frame (a newer
    // fixed-length array member stays empty).
    if (!readOnly)
    {
        std::vector<std::uint8_t> again = Dto::bytesWithHeader(dto);
        if (again.size() != frame.size() || std::memcmp(again.data(), frame.data(), frame.size()) != 0)
        {
            std::size_t i = 0;
            while (i < again.size() && i < frame.size() && static_cast<char>(again[i]) == frame[i])
            {
                i++;
            }
            std::ostringstream os;
            os << "re-encoded " << again.size() << " bytes differ from the " << frame.size()
               << " bytes read, first at byte " << i;
            r.problem = os.str();
        }
    }

    Codec codec;
    codec.wrapForDecode(frame.data(), offset, header.blockLength(), header.version(), frame.size());
    std::ostringstream os;
    os << std::setprecision(17) << codec;
    r.text = os.str();
    return r;
}

template <typename Header>
std::uint16_t templateIdOf(std::vector<char> &frame)
{
    Header header;
    header.wrap(frame.data(), 0, Header::sbeSchemaVersion(), frame.size());
    return header.templateId();
}

Result check(const std::string &schema, std::vector<char> &frame)
{
    if (schema == "example-schema")
    {
        return roundTrip<baseline::MessageHeader, baseline::Car, baseline::CarDto>(frame);
    }
    if (schema == "example-extension-schema")
    {
        return roundTrip<extension::MessageHeader, extension::Car, extension::CarDto>(frame);
    }
    if (schema == "market")
    {
        switch (templateIdOf<market::MessageHeader>(frame))
        {
            case market::Quote::sbeTemplateId():
                return roundTrip<market::MessageHeader, market::Quote, market::QuoteDto>(frame);
            case market::Trade::sbeTemplateId():
                return roundTrip<market::MessageHeader, market::Trade, market::TradeDto>(frame);
            case market::BookSnapshot::sbeTemplateId():
                return roundTrip<market::MessageHeader, market::BookSnapshot, market::BookSnapshotDto>(frame);
        }
    }
    if (schema == "aotelemetry")
    {
        switch (templateIdOf<aotelemetry::MessageHeader>(frame))
        {
            case aotelemetry::WavefrontFrame::sbeTemplateId():
                return roundTrip<aotelemetry::MessageHeader, aotelemetry::WavefrontFrame,
                    aotelemetry::WavefrontFrameDto>(frame);
            case aotelemetry::MirrorCommand::sbeTemplateId():
                return roundTrip<aotelemetry::MessageHeader, aotelemetry::MirrorCommand,
                    aotelemetry::MirrorCommandDto>(frame);
        }
    }
    if (schema == "evolution-v0")
    {
        namespace e = evolution::v0;
        switch (templateIdOf<e::MessageHeader>(frame))
        {
            case e::Order::sbeTemplateId():
                return roundTrip<e::MessageHeader, e::Order, e::OrderDto>(frame);
            case e::Amend::sbeTemplateId():
                return roundTrip<e::MessageHeader, e::Amend, e::AmendDto>(frame);
        }
    }
    if (schema == "evolution-v1")
    {
        namespace e = evolution::v1;
        switch (templateIdOf<e::MessageHeader>(frame))
        {
            case e::Order::sbeTemplateId():
                return roundTrip<e::MessageHeader, e::Order, e::OrderDto>(frame);
            case e::Amend::sbeTemplateId():
                return roundTrip<e::MessageHeader, e::Amend, e::AmendDto>(frame);
        }
    }
    Result r;
    r.problem = "schema " + schema + ", template id " + std::to_string(frame.size() >= 4 ? (static_cast<unsigned char>(frame[2]) |
        static_cast<unsigned char>(frame[3]) << 8) : -1) + ": not handled in interop/cpp/vectors.cpp (add the message there)";
    return r;
}

}

int main(int argc, char **argv)
{
    int first = 1;
    if (argc > 1 && std::string(argv[1]) == "-read")
    {
        readOnly = true;
        first = 2;
    }
    if (argc < first + 2)
    {
        std::cerr << "usage: sbe-vectors [-read] SCHEMA FILE...\n";
        return 2;
    }
    const std::string schema = argv[first];
    int failures = 0;
    for (int i = first + 1; i < argc; i++)
    {
        std::ifstream in(argv[i], std::ios::binary);
        std::vector<char> frame((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        Result r;
        try
        {
            if (!in.good() && !in.eof())
            {
                throw std::runtime_error("cannot read the file");
            }
            r = check(schema, frame);
        }
        catch (const std::exception &ex)
        {
            r.problem = ex.what();
        }
        if (r.problem.empty())
        {
            std::cout << "ok " << argv[i] << '\n';
        }
        else
        {
            std::cout << "FAIL " << argv[i] << ": " << r.problem << '\n';
            failures++;
        }
        std::cout << r.text << '\n';
    }
    return failures == 0 ? 0 : 1;
}
