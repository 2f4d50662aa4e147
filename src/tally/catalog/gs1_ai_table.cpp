#include "tally/catalog/gs1_ai_table.hpp"

#include <cstdint>
#include <cstdio>

#include "tally/catalog/gs1.hpp"

namespace tally::catalog {

namespace {

// Every AI of the GS1 General Specifications (release 25), in lexical order. Facts from GS1's
// Barcode Syntax Dictionary: specification, the '*' flag (predefined length), req= (several req=
// keys are joined by spaces) and ex= attributes, and the title. Linters Tally does not apply
// (see gs1.cpp) are kept so the table stays a faithful copy.
// clang-format off
constexpr std::array<Gs1AiDefinition, 201> kTable = {{
    {"00", "00", true, false, "N18,csum,gcppos2", "", "", "SSCC"},
    {"01", "01", true, false, "N14,csum,gcppos2", "", "255,37", "GTIN"},
    {"02", "02", true, false, "N14,csum,gcppos2", "37", "01,03", "CONTENT"},
    {"03", "03", true, false, "N14,csum,gcppos2", "", "01,02,37", "MTO GTIN"},
    {"10", "10", false, false, "X..20", "01,02,03,8006,8026", "", "BATCH/LOT"},
    {"11", "11", true, false, "N6,yymmd0", "01,02,03,8006,8026", "", "PROD DATE"},
    {"12", "12", true, false, "N6,yymmd0", "8020", "", "DUE DATE"},
    {"13", "13", true, false, "N6,yymmd0", "01,02,03,8006,8026", "", "PACK DATE"},
    {"15", "15", true, false, "N6,yymmd0", "01,02,03,8006,8026", "", "BEST BEFORE or BEST BY"},
    {"16", "16", true, false, "N6,yymmd0", "01,02,03,8006,8026", "", "SELL BY"},
    {"17", "17", true, false, "N6,yymmd0", "01,02,03,255,8006,8026", "", "USE BY or EXPIRY"},
    {"20", "20", true, false, "N2", "01,02,8006,8026", "", "VARIANT"},
    {"21", "21", false, false, "X..20", "01,03,8006", "235", "SERIAL"},
    {"22", "22", false, false, "X..20", "01", "", "CPV"},
    {"235", "235", false, false, "X..28", "01", "", "TPX"},
    {"240", "240", false, false, "X..30", "01,02,8006,8026", "", "ADDITIONAL ID"},
    {"241", "241", false, false, "X..30", "01,02,8006,8026", "", "CUST. PART No."},
    {"242", "242", false, false, "N..6", "01,02,8006,8026", "", "MTO VARIANT"},
    {"243", "243", false, false, "X..20", "01", "", "PCN"},
    {"250", "250", false, false, "X..30", "01,8006 21", "", "SECONDARY SERIAL"},
    {"251", "251", false, false, "X..30", "01,8006", "", "REF. TO SOURCE"},
    {"253", "253", false, false, "N13,csum,gcppos1 [X..17]", "", "", "GDTI"},
    {"254", "254", false, false, "X..20", "414", "", "GLN EXTENSION COMPONENT"},
    {"255", "255", false, false, "N13,csum,gcppos1 [N..12]", "", "01,02,415,8006,8020,8026", "GCN"},
    {"30", "30", false, false, "N..8", "01,02", "", "VAR. COUNT"},
    {"3100", "3105", true, true, "N6", "01,02", "310n", "NET WEIGHT (kg)"},
    {"3110", "3115", true, true, "N6", "01,02", "311n", "LENGTH (m)"},
    {"3120", "3125", true, true, "N6", "01,02", "312n", "WIDTH (m)"},
    {"3130", "3135", true, true, "N6", "01,02", "313n", "HEIGHT (m)"},
    {"3140", "3145", true, true, "N6", "01,02", "314n", "AREA (m²)"},
    {"3150", "3155", true, true, "N6", "01,02", "315n", "NET VOLUME (l)"},
    {"3160", "3165", true, true, "N6", "01,02", "316n", "NET VOLUME (m³)"},
    {"3200", "3205", true, true, "N6", "01,02", "320n", "NET WEIGHT (lb)"},
    {"3210", "3215", true, true, "N6", "01,02", "321n", "LENGTH (in)"},
    {"3220", "3225", true, true, "N6", "01,02", "322n", "LENGTH (ft)"},
    {"3230", "3235", true, true, "N6", "01,02", "323n", "LENGTH (yd)"},
    {"3240", "3245", true, true, "N6", "01,02", "324n", "WIDTH (in)"},
    {"3250", "3255", true, true, "N6", "01,02", "325n", "WIDTH (ft)"},
    {"3260", "3265", true, true, "N6", "01,02", "326n", "WIDTH (yd)"},
    {"3270", "3275", true, true, "N6", "01,02", "327n", "HEIGHT (in)"},
    {"3280", "3285", true, true, "N6", "01,02", "328n", "HEIGHT (ft)"},
    {"3290", "3295", true, true, "N6", "01,02", "329n", "HEIGHT (yd)"},
    {"3300", "3305", true, true, "N6", "00,01", "330n", "GROSS WEIGHT (kg)"},
    {"3310", "3315", true, true, "N6", "00,01", "331n", "LENGTH (m), log"},
    {"3320", "3325", true, true, "N6", "00,01", "332n", "WIDTH (m), log"},
    {"3330", "3335", true, true, "N6", "00,01", "333n", "HEIGHT (m), log"},
    {"3340", "3345", true, true, "N6", "00,01", "334n", "AREA (m²), log"},
    {"3350", "3355", true, true, "N6", "00,01", "335n", "VOLUME (l), log"},
    {"3360", "3365", true, true, "N6", "00,01", "336n", "VOLUME (m³), log"},
    {"3370", "3375", true, true, "N6", "01", "337n", "KG PER m²"},
    {"3400", "3405", true, true, "N6", "00,01", "340n", "GROSS WEIGHT (lb)"},
    {"3410", "3415", true, true, "N6", "00,01", "341n", "LENGTH (in), log"},
    {"3420", "3425", true, true, "N6", "00,01", "342n", "LENGTH (ft), log"},
    {"3430", "3435", true, true, "N6", "00,01", "343n", "LENGTH (yd), log"},
    {"3440", "3445", true, true, "N6", "00,01", "344n", "WIDTH (in), log"},
    {"3450", "3455", true, true, "N6", "00,01", "345n", "WIDTH (ft), log"},
    {"3460", "3465", true, true, "N6", "00,01", "346n", "WIDTH (yd), log"},
    {"3470", "3475", true, true, "N6", "00,01", "347n", "HEIGHT (in), log"},
    {"3480", "3485", true, true, "N6", "00,01", "348n", "HEIGHT (ft), log"},
    {"3490", "3495", true, true, "N6", "00,01", "349n", "HEIGHT (yd), log"},
    {"3500", "3505", true, true, "N6", "01,02", "350n", "AREA (in²)"},
    {"3510", "3515", true, true, "N6", "01,02", "351n", "AREA (ft²)"},
    {"3520", "3525", true, true, "N6", "01,02", "352n", "AREA (yd²)"},
    {"3530", "3535", true, true, "N6", "00,01", "353n", "AREA (in²), log"},
    {"3540", "3545", true, true, "N6", "00,01", "354n", "AREA (ft²), log"},
    {"3550", "3555", true, true, "N6", "00,01", "355n", "AREA (yd²), log"},
    {"3560", "3565", true, true, "N6", "01,02", "356n", "NET WEIGHT (t oz)"},
    {"3570", "3575", true, true, "N6", "01,02", "357n", "NET VOLUME (oz)"},
    {"3600", "3605", true, true, "N6", "01,02", "360n", "NET VOLUME (qt)"},
    {"3610", "3615", true, true, "N6", "01,02", "361n", "NET VOLUME (gal.)"},
    {"3620", "3625", true, true, "N6", "00,01", "362n", "VOLUME (qt), log"},
    {"3630", "3635", true, true, "N6", "00,01", "363n", "VOLUME (gal.), log"},
    {"3640", "3645", true, true, "N6", "01,02", "364n", "VOLUME (in³)"},
    {"3650", "3655", true, true, "N6", "01,02", "365n", "VOLUME (ft³)"},
    {"3660", "3665", true, true, "N6", "01,02", "366n", "VOLUME (yd³)"},
    {"3670", "3675", true, true, "N6", "00,01", "367n", "VOLUME (in³), log"},
    {"3680", "3685", true, true, "N6", "00,01", "368n", "VOLUME (ft³), log"},
    {"3690", "3695", true, true, "N6", "00,01", "369n", "VOLUME (yd³), log"},
    {"37", "37", false, false, "N..8", "00 02,8026", "", "COUNT"},
    {"3900", "3909", false, true, "N..15", "255,8020", "390n,391n,394n,8111", "AMOUNT"},
    {"3910", "3919", false, true, "N3,iso4217 N..15", "8020", "391n", "AMOUNT"},
    {"3920", "3929", false, true, "N..15", "01 30,31nn,32nn,35nn,36nn", "392n,393n", "PRICE"},
    {"3930", "3939", false, true, "N3,iso4217 N..15", "30,31nn,32nn,35nn,36nn", "393n", "PRICE"},
    {"3940", "3943", false, true, "N4", "255", "394n,8111", "PRCNT OFF"},
    {"3950", "3955", false, true, "N6", "30,31nn,32nn,35nn,36nn", "392n,393n,395n,8005", "PRICE/UoM"},
    {"400", "400", false, false, "X..30", "", "", "ORDER NUMBER"},
    {"401", "401", false, false, "X..30,gcppos1", "", "", "GINC"},
    {"402", "402", false, false, "N17,csum,gcppos1", "", "", "GSIN"},
    {"403", "403", false, false, "X..30", "00", "", "ROUTE"},
    {"410", "410", true, false, "N13,csum,gcppos1", "", "", "SHIP TO LOC"},
    {"411", "411", true, false, "N13,csum,gcppos1", "", "", "BILL TO"},
    {"412", "412", true, false, "N13,csum,gcppos1", "", "", "PURCHASE FROM"},
    {"413", "413", true, false, "N13,csum,gcppos1", "", "", "SHIP FOR LOC"},
    {"414", "414", true, false, "N13,csum,gcppos1", "", "", "LOC No."},
    {"415", "415", true, false, "N13,csum,gcppos1", "8020", "", "PAY TO"},
    {"416", "416", true, false, "N13,csum,gcppos1", "", "", "PROD/SERV LOC"},
    {"417", "417", true, false, "N13,csum,gcppos1", "", "", "PARTY"},
    {"420", "420", false, false, "X..20", "", "421", "SHIP TO POST"},
    {"421", "421", false, false, "N3,iso3166 X..9", "", "4307", "SHIP TO POST"},
    {"422", "422", false, false, "N3,iso3166", "01,02,8006,8026", "426", "ORIGIN"},
    {"423", "423", false, false, "N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166", "01,02", "426", "COUNTRY - INITIAL PROCESS"},
    {"424", "424", false, false, "N3,iso3166", "01,02", "426", "COUNTRY - PROCESS"},
    {"425", "425", false, false, "N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166", "01,02", "426", "COUNTRY - DISASSEMBLY"},
    {"426", "426", false, false, "N3,iso3166", "01,02", "", "COUNTRY - FULL PROCESS"},
    {"427", "427", false, false, "X..3", "01,02 422", "", "ORIGIN SUBDIVISION"},
    {"4300", "4300", false, false, "X..35,pcenc", "00", "", "SHIP TO COMP"},
    {"4301", "4301", false, false, "X..35,pcenc", "00", "", "SHIP TO NAME"},
    {"4302", "4302", false, false, "X..70,pcenc", "00", "", "SHIP TO ADD1"},
    {"4303", "4303", false, false, "X..70,pcenc", "4302", "", "SHIP TO ADD2"},
    {"4304", "4304", false, false, "X..70,pcenc", "00", "", "SHIP TO SUB"},
    {"4305", "4305", false, false, "X..70,pcenc", "00", "", "SHIP TO LOC"},
    {"4306", "4306", false, false, "X..70,pcenc", "00", "", "SHIP TO REG"},
    {"4307", "4307", false, false, "X2,iso3166alpha2", "00", "", "SHIP TO COUNTRY"},
    {"4308", "4308", false, false, "X..30", "00", "", "SHIP TO PHONE"},
    {"4309", "4309", false, false, "N10,latitude N10,longitude", "00", "", "SHIP TO GEO"},
    {"4310", "4310", false, false, "X..35,pcenc", "00", "", "RTN TO COMP"},
    {"4311", "4311", false, false, "X..35,pcenc", "00", "", "RTN TO NAME"},
    {"4312", "4312", false, false, "X..70,pcenc", "00", "", "RTN TO ADD1"},
    {"4313", "4313", false, false, "X..70,pcenc", "4312", "", "RTN TO ADD2"},
    {"4314", "4314", false, false, "X..70,pcenc", "00", "", "RTN TO SUB"},
    {"4315", "4315", false, false, "X..70,pcenc", "00", "", "RTN TO LOC"},
    {"4316", "4316", false, false, "X..70,pcenc", "00", "", "RTN TO REG"},
    {"4317", "4317", false, false, "X2,iso3166alpha2", "00", "", "RTN TO COUNTRY"},
    {"4318", "4318", false, false, "X..20", "00", "", "RTN TO POST"},
    {"4319", "4319", false, false, "X..30", "00", "", "RTN TO PHONE"},
    {"4320", "4320", false, false, "X..35,pcenc", "00", "", "SRV DESCRIPTION"},
    {"4321", "4321", false, false, "N1,yesno", "00", "", "DANGEROUS GOODS"},
    {"4322", "4322", false, false, "N1,yesno", "00", "", "AUTH TO LEAVE"},
    {"4323", "4323", false, false, "N1,yesno", "00", "", "SIG REQUIRED"},
    {"4324", "4324", false, false, "N6,yymmd0 N4,hhmi", "00", "", "NOT BEF DEL DT"},
    {"4325", "4325", false, false, "N6,yymmd0 N4,hhmi", "00", "", "NOT AFT DEL DT"},
    {"4326", "4326", false, false, "N6,yymmdd", "00", "", "REL DATE"},
    {"4330", "4330", false, false, "N6 [X1],hyphen", "00", "4331", "MAX TEMP F."},
    {"4331", "4331", false, false, "N6 [X1],hyphen", "00", "4330", "MAX TEMP C."},
    {"4332", "4332", false, false, "N6 [X1],hyphen", "00", "4333", "MIN TEMP F."},
    {"4333", "4333", false, false, "N6 [X1],hyphen", "00", "4332", "MIN TEMP C."},
    {"7001", "7001", false, false, "N13", "01,02,8006,8026", "", "NSN"},
    {"7002", "7002", false, false, "X..30", "01,02", "", "MEAT CUT"},
    {"7003", "7003", false, false, "N6,yymmdd N4,hhmi", "01,02", "", "EXPIRY TIME"},
    {"7004", "7004", false, false, "N..4", "01 10", "", "ACTIVE POTENCY"},
    {"7005", "7005", false, false, "X..12", "01,02", "", "CATCH AREA"},
    {"7006", "7006", false, false, "N6,yymmdd", "01,02", "", "FIRST FREEZE DATE"},
    {"7007", "7007", false, false, "N6,yymmdd [N6],yymmdd", "01,02", "", "HARVEST DATE"},
    {"7008", "7008", false, false, "X..3", "01,02", "", "AQUATIC SPECIES"},
    {"7009", "7009", false, false, "X..10", "01,02", "", "FISHING GEAR TYPE"},
    {"7010", "7010", false, false, "X..2", "01,02", "", "PROD METHOD"},
    {"7011", "7011", false, false, "N6,yymmdd [N4],hhmi", "01,02", "", "TEST BY DATE"},
    {"7020", "7020", false, false, "X..20", "01,8006 416", "", "REFURB LOT"},
    {"7021", "7021", false, false, "X..20", "01,8006", "", "FUNC STAT"},
    {"7022", "7022", false, false, "X..20", "7021", "", "REV STAT"},
    {"7023", "7023", false, false, "X..30,gcppos1", "", "", "GIAI - ASSEMBLY"},
    {"7030", "7039", false, false, "N3,iso3166999 X..27", "01,02", "", "PROCESSOR # s"},
    {"7040", "7040", false, false, "N1 X1 X1 X1,importeridx", "", "", "UIC+EXT"},
    {"7041", "7041", false, false, "X..4,packagetype", "00", "", "UFRGT UNIT TYPE"},
    {"710", "710", false, false, "X..20", "01", "", "NHRN PZN"},
    {"711", "711", false, false, "X..20", "01", "", "NHRN CIP"},
    {"712", "712", false, false, "X..20", "01", "", "NHRN CN"},
    {"713", "713", false, false, "X..20", "01", "", "NHRN DRN"},
    {"714", "714", false, false, "X..20", "01", "", "NHRN AIM"},
    {"715", "715", false, false, "X..20", "01", "", "NHRN NDC"},
    {"716", "716", false, false, "X..20", "01", "", "NHRN AIC"},
    {"7230", "7239", false, false, "X2 X..28", "01,8004", "", "CERT # s"},
    {"7240", "7240", false, false, "X..20", "01,8006", "", "PROTOCOL"},
    {"7241", "7241", false, false, "N2,mediatype", "8017,8018", "", "AIDC MEDIA TYPE"},
    {"7242", "7242", false, false, "X..25", "8017,8018", "", "VCN"},
    {"7250", "7250", false, false, "N8,yyyymmdd", "8018", "7251", "DOB"},
    {"7251", "7251", false, false, "N8,yyyymmdd N4,hhmi", "8018", "7250", "DOB TIME"},
    {"7252", "7252", false, false, "N1,iso5218", "8018", "", "BIO SEX"},
    {"7253", "7253", false, false, "X..40,pcenc", "8017,8018", "7256,7259", "FAMILY NAME"},
    {"7254", "7254", false, false, "X..40,pcenc", "8017,8018", "7256,7259", "GIVEN NAME"},
    {"7255", "7255", false, false, "X..10", "8017,8018", "7256,7259", "SUFFIX"},
    {"7256", "7256", false, false, "X..90,pcenc", "8017,8018", "", "FULL NAME"},
    {"7257", "7257", false, false, "X..70,pcenc", "8018", "", "PERSON ADDR"},
    {"7258", "7258", false, false, "X3,posinseqslash", "8018+7259", "", "BIRTH SEQUENCE"},
    {"7259", "7259", false, false, "X..40,pcenc", "8018", "7256", "BABY"},
    {"8001", "8001", false, false, "N4,nonzero N5,nonzero N3,nonzero N1,winding N1", "01", "", "DIMENSIONS"},
    {"8002", "8002", false, false, "X..20", "", "", "CMT No."},
    {"8003", "8003", false, false, "N1,zero N13,csum,gcppos1 [X..16]", "", "", "GRAI"},
    {"8004", "8004", false, false, "X..30,gcppos1", "", "", "GIAI"},
    {"8005", "8005", false, false, "N6", "01,02", "", "PRICE PER UNIT"},
    {"8006", "8006", false, false, "N14,csum,gcppos2 N4,pieceoftotal", "", "01,37", "ITIP"},
    {"8007", "8007", false, false, "X..34,iban", "415", "", "IBAN"},
    {"8008", "8008", false, false, "N6,yymmdd N2,hh [N2],mi [N2],ss", "01,02", "", "PROD TIME"},
    {"8009", "8009", false, false, "X..50", "00,01", "", "OPTSEN"},
    {"8010", "8010", false, false, "Y..30,gcppos1", "", "", "CPID"},
    {"8011", "8011", false, false, "N..12,nozeroprefix", "8010", "", "CPID SERIAL"},
    {"8012", "8012", false, false, "X..20", "01,8006", "", "VERSION"},
    {"8013", "8013", false, false, "X..25,csumalpha,gcppos1", "", "", "GMN"},
    {"8014", "8014", false, false, "X..25,csumalpha,gcppos1,hasnondigit", "01", "", "MUDI"},
    {"8017", "8017", false, false, "N18,csum,gcppos1", "", "8018", "GSRN - PROVIDER"},
    {"8018", "8018", false, false, "N18,csum,gcppos1", "", "8017", "GSRN - RECIPIENT"},
    {"8019", "8019", false, false, "N..10", "8017,8018", "", "SRIN"},
    {"8020", "8020", false, false, "X..25", "415", "", "REF No."},
    {"8026", "8026", false, false, "N14,csum,gcppos2 N4,pieceoftotal", "37", "02,8006", "ITIP CONTENT"},
    {"8030", "8030", false, false, "Z..90", "00,01+21,253,255,8003,8004,8006+21,8010+8011,8017,8018", "", "DIGSIG"},
    {"8110", "8110", false, false, "X..70,couponcode", "", "", "COUPON (NORTH AMERICA)"},
    {"8111", "8111", false, false, "N4", "255", "", "POINTS"},
    {"8112", "8112", false, false, "X..70,couponposoffer", "", "", "PAPERLESS COUPON (NORTH AMERICA)"},
    {"8200", "8200", false, false, "X..70", "01", "", "PRODUCT URL"},
    {"90", "90", false, false, "X..30", "", "", "INTERNAL"},
    {"91", "99", false, false, "X..90", "", "", "INTERNAL"},
}};
// clang-format on

// Figure 7.8.5-2: the first two digits of an AI with a predefined length, and the length of AI
// and value together. 04, 14, 18 and 19 are reserved for future AIs.
struct PredefinedLength {
    std::string_view prefix;
    std::size_t length;
};

constexpr std::array<PredefinedLength, 22> kPredefinedLengths = {{
    {"00", 20}, {"01", 16}, {"02", 16}, {"03", 16}, {"04", 18}, {"11", 8},  {"12", 8}, {"13", 8},
    {"14", 8},  {"15", 8},  {"16", 8},  {"17", 8},  {"18", 8},  {"19", 8},  {"20", 4}, {"31", 10},
    {"32", 10}, {"33", 10}, {"34", 10}, {"35", 10}, {"36", 10}, {"41", 16},
}};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
    for (const char c : text) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return !text.empty();
}

std::int64_t to_integer(std::string_view digits) {
    std::int64_t value = 0;
    for (const char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

bool leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// GS1 General Specifications 7.12: with C the last two digits of the current year, a YY of
// C + 51 or more is last century, C - 50 or less is next century, anything between this one.
int full_year(int yy, int current_year) {
    const int century = current_year - current_year % 100;
    const int difference = yy - current_year % 100;
    if (difference >= 51) {
        return century - 100 + yy;
    }
    if (difference <= -50) {
        return century + 100 + yy;
    }
    return century + yy;
}

// YYMMDD as YYYY-MM-DD, or nothing when it names no real day. `yymmdd` is six digits.
std::optional<std::string> yymmdd_date(std::string_view yymmdd, int current_year) {
    const int year = full_year(static_cast<int>(to_integer(yymmdd.substr(0, 2))), current_year);
    const int month = static_cast<int>(to_integer(yymmdd.substr(2, 2)));
    int day = static_cast<int>(to_integer(yymmdd.substr(4, 2)));
    if (month < 1 || month > 12 || day > days_in_month(year, month)) {
        return std::nullopt;
    }
    if (day == 0) {
        day = days_in_month(year, month);  // DD = 00: the day is not given, read the month's last
    }
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d", year, month, day);
    return std::string(buffer.data());
}

// The value of a date linter as YYYY-MM-DD, or nothing when it names no real day. yymmd0 lets
// day 00 stand for the month's last day; yymmdd does not; yyyymmdd gives the century.
std::optional<std::string> linted_date(std::string_view linter, std::string_view digits,
                                       int current_year) {
    if (linter == "yyyymmdd") {
        if (digits.substr(4, 2) == "00" || digits.substr(6, 2) == "00") {
            return std::nullopt;
        }
        const int century = static_cast<int>(to_integer(digits.substr(0, 2))) * 100;
        return yymmdd_date(digits.substr(2), century + 49);  // puts YY in that century
    }
    if (linter == "yymmdd" && digits.substr(4, 2) == "00") {
        return std::nullopt;
    }
    return yymmdd_date(digits, current_year);
}

bool below(std::string_view digits, std::int64_t limit) {
    return to_integer(digits) < limit;
}

bool is_hex(char c) {
    return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// Reads the digits at `pos` of `text` into `value`; false when there are none.
bool read_number(std::string_view text, std::size_t& pos, std::size_t& value) {
    const std::size_t start = pos;
    value = 0;
    while (pos < text.size() && is_digit(text[pos]) && pos - start < 3) {
        value = value * 10 + static_cast<std::size_t>(text[pos] - '0');
        ++pos;
    }
    return pos > start;
}

// One component such as "N6,yymmdd", "X..20" or "[N4],hhmi".
bool parse_component(std::string_view token, Gs1Component& component) {
    std::size_t pos = 0;
    component.optional = token.starts_with('[');
    pos += component.optional ? 1 : 0;
    if (pos == token.size()) {
        return false;
    }
    switch (token[pos++]) {
        case 'N':
            component.charset = Gs1Charset::numeric;
            break;
        case 'X':
            component.charset = Gs1Charset::cset82;
            break;
        case 'Y':
            component.charset = Gs1Charset::cset39;
            break;
        case 'Z':
            component.charset = Gs1Charset::cset64;
            break;
        default:
            return false;
    }
    const bool variable = token.substr(pos).starts_with("..");
    pos += variable ? 2 : 0;
    std::size_t length = 0;
    if (!read_number(token, pos, length) || length == 0) {
        return false;
    }
    component.min_length = variable ? 1 : length;
    component.max_length = length;
    if (component.optional) {
        if (pos == token.size() || token[pos] != ']') {
            return false;
        }
        ++pos;
    }
    if (pos < token.size()) {
        if (token[pos] != ',' || pos + 1 == token.size()) {
            return false;
        }
        component.linters = token.substr(pos + 1);
    }
    return true;
}

}  // namespace

std::span<const Gs1AiDefinition> gs1_ai_table() {
    return kTable;
}

const Gs1AiDefinition* find_gs1_ai(std::string_view ai) {
    // Binary search for the last definition starting at or before `ai`; ranges hold AIs of one
    // length, so comparing as text is comparing as numbers.
    std::size_t low = 0;
    std::size_t high = kTable.size();
    while (low < high) {
        const std::size_t middle = (low + high) / 2;
        if (kTable[middle].first <= ai) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    if (low == 0) {
        return nullptr;
    }
    const Gs1AiDefinition& candidate = kTable[low - 1];
    const bool same_length = candidate.first.size() == ai.size();
    return same_length && ai <= candidate.last ? &candidate : nullptr;
}

Gs1Format gs1_format(std::string_view spec) {
    Gs1Format format;
    bool optional_seen = false;
    while (!spec.empty()) {
        const std::size_t space = spec.find(' ');
        const std::string_view token = spec.substr(0, space);
        spec = space == std::string_view::npos ? std::string_view() : spec.substr(space + 1);
        if (token.empty()) {
            continue;
        }
        Gs1Component component;
        if (format.size == format.components.size() || !parse_component(token, component)) {
            return Gs1Format{};
        }
        // Only the last component may vary in length; no mandatory one follows an optional one.
        const bool after_variable =
            format.size > 0 && format.components[format.size - 1].min_length !=
                                   format.components[format.size - 1].max_length;
        if (after_variable || (optional_seen && !component.optional)) {
            return Gs1Format{};
        }
        optional_seen = optional_seen || component.optional;
        format.min_length += component.optional ? 0 : component.min_length;
        format.max_length += component.max_length;
        format.components[format.size++] = component;
    }
    format.valid = format.size > 0;
    return format;
}

std::size_t gs1_predefined_length(std::string_view ai_prefix) {
    for (const auto& entry : kPredefinedLengths) {
        if (entry.prefix == ai_prefix) {
            return entry.length;
        }
    }
    return 0;
}

std::size_t gs1_ai_length(std::string_view ai_prefix) {
    if (ai_prefix.size() != 2 || !is_digit(ai_prefix[0]) || !is_digit(ai_prefix[1])) {
        return 0;
    }
    const int prefix = (ai_prefix[0] - '0') * 10 + (ai_prefix[1] - '0');
    switch (prefix) {
        case 23:
        case 24:
        case 25:
        case 40:
        case 41:
        case 42:
        case 71:
            return 3;
        case 31:
        case 32:
        case 33:
        case 34:
        case 35:
        case 36:
        case 39:
        case 43:
        case 70:
        case 72:
        case 80:
        case 81:
        case 82:
            return 4;
        default:
            return 2;
    }
}

std::optional<std::string> gs1_date(std::string_view yymmdd, int current_year) {
    return all_digits(yymmdd) && yymmdd.size() == 6 ? yymmdd_date(yymmdd, current_year)
                                                    : std::nullopt;
}

std::string gs1_lint(std::string_view linter, std::string_view part, int current_year) {
    const std::string shown(part);
    if (linter == "csum") {
        const int expected = gs1_check_digit(part.substr(0, part.size() - 1));
        const int got = part.back() - '0';
        return expected == got ? std::string()
                               : "check digit should be " + std::to_string(expected) + ", got " +
                                     std::to_string(got);
    }
    if (linter == "yymmd0" || linter == "yymmdd" || linter == "yyyymmdd") {
        return linted_date(linter, part, current_year) ? std::string()
                                                       : shown + " is not a valid date";
    }
    if (linter == "hhmi") {
        const bool ok = below(part.substr(0, 2), 24) && below(part.substr(2, 2), 60);
        return ok ? std::string() : shown + " is not a valid time";
    }
    if (linter == "hh" || linter == "mi" || linter == "ss") {
        const bool ok = below(part, linter == "hh" ? 24 : 60);
        const std::string unit = linter == "hh" ? "hour" : linter == "mi" ? "minute" : "second";
        return ok ? std::string() : shown + " is not a valid " + unit;
    }
    if (linter == "yesno") {
        return part == "0" || part == "1" ? std::string() : shown + " must be 0 or 1";
    }
    if (linter == "zero") {
        return part == "0" ? std::string() : shown + " must be 0";
    }
    if (linter == "nonzero") {
        return to_integer(part) != 0 ? std::string() : shown + " must not be zero";
    }
    if (linter == "winding") {
        return part == "0" || part == "1" || part == "9" ? std::string()
                                                         : shown + " must be 0, 1 or 9";
    }
    if (linter == "iso5218") {
        return part == "0" || part == "1" || part == "2" || part == "9"
                   ? std::string()
                   : shown + " must be 0, 1, 2 or 9";
    }
    if (linter == "pieceoftotal") {
        const auto piece = to_integer(part.substr(0, 2));
        const auto total = to_integer(part.substr(2, 2));
        return piece != 0 && piece <= total ? std::string()
                                            : shown + " is not a piece number of its total";
    }
    if (linter == "nozeroprefix") {
        return part.size() > 1 && part.front() == '0' ? shown + " must not start with 0"
                                                      : std::string();
    }
    if (linter == "hasnondigit") {
        return all_digits(part) ? shown + " must hold more than digits" : std::string();
    }
    if (linter == "hyphen") {
        return part == "-" ? std::string() : shown + " must be '-'";
    }
    if (linter == "latitude" || linter == "longitude") {
        const bool ok = to_integer(part) <= (linter == "latitude" ? 1'800'000'000 : 3'600'000'000);
        return ok ? std::string() : shown + " is not a valid " + std::string(linter);
    }
    if (linter == "pcenc") {
        for (std::size_t i = 0; i < part.size(); ++i) {
            if (part[i] == '%' &&
                (i + 2 >= part.size() || !is_hex(part[i + 1]) || !is_hex(part[i + 2]))) {
                return shown + " has a '%' not followed by two hexadecimal digits";
            }
        }
    }
    return {};
}

}  // namespace tally::catalog
