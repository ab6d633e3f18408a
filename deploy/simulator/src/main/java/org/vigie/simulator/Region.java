package org.vigie.simulator;

import java.util.List;

/**
 * The 13 regions of metropolitan France (INSEE codes, one ARS each), with their départements (the first two
 * characters of a FINESS number) and population in thousands (INSEE, 1 January 2024, rounded), which sets
 * how many of the simulated sites each region gets.
 */
public enum Region {
    ILE_DE_FRANCE("11", 12_300, "75", "77", "78", "91", "92", "93", "94", "95"),
    CENTRE_VAL_DE_LOIRE("24", 2_570, "18", "28", "36", "37", "41", "45"),
    BOURGOGNE_FRANCHE_COMTE("27", 2_790, "21", "25", "39", "58", "70", "71", "89", "90"),
    NORMANDIE("28", 3_320, "14", "27", "50", "61", "76"),
    HAUTS_DE_FRANCE("32", 5_990, "02", "59", "60", "62", "80"),
    GRAND_EST("44", 5_560, "08", "10", "51", "52", "54", "55", "57", "67", "68", "88"),
    PAYS_DE_LA_LOIRE("52", 3_890, "44", "49", "53", "72", "85"),
    BRETAGNE("53", 3_450, "22", "29", "35", "56"),
    NOUVELLE_AQUITAINE("75", 6_110, "16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"),
    OCCITANIE("76", 6_100, "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"),
    AUVERGNE_RHONE_ALPES("84", 8_190, "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"),
    PROVENCE_ALPES_COTE_D_AZUR("93", 5_160, "04", "05", "06", "13", "83", "84"),
    CORSE("94", 355, "2A", "2B");

    private final String inseeCode;
    private final int populationThousands;
    private final List<String> departements;

    Region(String inseeCode, int populationThousands, String... departements) {
        this.inseeCode = inseeCode;
        this.populationThousands = populationThousands;
        this.departements = List.of(departements);
    }

    public String inseeCode() {
        return inseeCode;
    }

    public int populationThousands() {
        return populationThousands;
    }

    public List<String> departements() {
        return departements;
    }
}
