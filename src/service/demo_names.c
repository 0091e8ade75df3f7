/*
 * demo_names.c - the word lists of the demo municipality (demo.h): common
 * first names and surnames of people living in Sweden, street names,
 * provider name parts, industries and interpreter languages. Ordinary names,
 * so that the demo looks like a municipality's register; any likeness to a
 * real person is as accidental as the identity numbers (demo.h).
 */
#include "service/demo.h"

#define WORDS(name, ...)                                     \
	static const char *const name##_v[] = {__VA_ARGS__}; \
	const struct demo_words name = {name##_v, sizeof(name##_v) / sizeof(name##_v[0])}

WORDS(demo_given_female, "Anna", "Eva", "Maria", "Karin", "Sara", "Kristina", "Lena", "Emma",
      "Elin", "Kerstin", "Marie", "Ingrid", "Malin", "Jenny", "Linda", "Hanna", "Sofia", "Ida",
      "Johanna", "Julia", "Elsa", "Ebba", "Alice", "Maja", "Wilma", "Linnea", "Louise", "Camilla",
      "Helena", "Susanne", "Annika", "Åsa", "Frida", "Matilda", "Klara", "Ella", "Agnes", "Moa",
      "Amanda", "Ulrika", "Therese", "Cecilia", "Petra", "Jessica", "Caroline", "Sandra", "Emelie",
      "Josefin", "Lisa", "Birgitta", "Margareta", "Elisabeth", "Monica", "Nora", "Stina", "Vera",
      "Tilda", "Lovisa", "Felicia", "Ronja");

WORDS(demo_given_male, "Lars", "Mikael", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Jan",
      "Thomas", "Daniel", "Fredrik", "Andreas", "Hans", "Stefan", "Mats", "Magnus", "Mattias",
      "Jonas", "Niklas", "Oskar", "Viktor", "Filip", "Lucas", "Elias", "Hugo", "William",
      "Alexander", "Gustav", "Emil", "Axel", "Anton", "Oliver", "Isak", "Ludvig", "Simon", "Marcus",
      "Sebastian", "Robin", "Tobias", "Henrik", "Patrik", "Martin", "Björn", "Ola", "Joakim",
      "Rasmus", "Jesper", "David", "Kevin", "Adam", "Leo", "Noah", "Albin", "Linus", "Pontus",
      "Olle", "Göran", "Bengt", "Nils");

/* Common first names among people who came to Sweden in recent decades. */
WORDS(demo_given_female_new, "Fatima", "Amina", "Maryam", "Zahra", "Hawa", "Nour", "Leila", "Aisha",
      "Yasmin", "Hamdi", "Rahel", "Senait", "Hiba", "Samira", "Layla", "Shirin", "Parisa", "Hodan",
      "Asma", "Rukia", "Ayan", "Dania", "Marwa", "Yohana");

WORDS(demo_given_male_new, "Mohammed", "Ahmed", "Ali", "Omar", "Hassan", "Abdi", "Yusuf", "Mustafa",
      "Ibrahim", "Khalid", "Amanuel", "Dawit", "Reza", "Mehdi", "Said", "Hussein", "Karim", "Samir",
      "Abdullahi", "Yonas", "Tesfay", "Jamal", "Farid", "Hamid");

WORDS(demo_family, "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
      "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
      "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson",
      "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren",
      "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg",
      "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk",
      "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson",
      "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg",
      "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström", "Viklund", "Björklund",
      "Eliasson", "Pålsson", "Berggren", "Sandström", "Lund", "Nordin", "Ström", "Åberg",
      "Hermansson", "Ekström", "Holmgren", "Sundberg", "Hedlund", "Dahlberg", "Hellström",
      "Sjögren", "Abrahamsson", "Falk", "Martinsson", "Öberg", "Andreasson", "Strömberg", "Månsson",
      "Åkesson", "Norberg", "Lindholm", "Dahl", "Jonasson", "Ekman", "Hedberg", "Lindblom",
      "Sjöström", "Borg", "Nordlund", "Ivarsson");

WORDS(demo_family_new, "Mohammed", "Ali", "Ahmed", "Hassan", "Hussein", "Abdullahi", "Ibrahim",
      "Omar", "Yusuf", "Ahmadi", "Hosseini", "Mohammadi", "Rezaei", "Tesfay", "Gebremedhin",
      "Haile", "Osman", "Nur", "Farah", "Jama", "Karimi", "Rahimi", "Abdi", "Warsame");

WORDS(demo_streets, "Storgatan", "Kyrkvägen", "Skolgatan", "Järnvägsgatan", "Parkvägen",
      "Södra vägen", "Björkvägen", "Tallvägen", "Ekvägen", "Granvägen", "Ringvägen",
      "Hantverkargatan", "Industrivägen", "Skogsvägen", "Sjövägen", "Strandvägen", "Idrottsvägen",
      "Trädgårdsgatan", "Villagatan", "Kvarnvägen", "Backvägen", "Ängsvägen", "Lärkvägen",
      "Stationsvägen", "Nygatan", "Drottninggatan", "Kungsgatan", "Torggatan", "Bruksgatan",
      "Hamngatan", "Rönnvägen", "Lönnvägen", "Solvägen", "Bäckvägen", "Fabriksgatan");

/* Interpreter languages (KV-7 names the language lines of Statens servicecenter). */
WORDS(demo_languages, "arabiska", "dari", "somaliska", "persiska", "tigrinja", "ryska", "ukrainska",
      "kurdiska");

WORDS(demo_provider_head, "Jobb", "Karriär", "Kompetens", "Framtids", "Steg", "Arbets", "Start",
      "Nystart", "Möjlighets", "Utvecklings", "Vägval", "Språk", "Yrkes", "Matchnings", "Insikt",
      "Kraft", "Bro", "Väg", "Lots", "Resurs");

WORDS(demo_provider_tail, "huset", "bron", "fabriken", "vägen", "centrum", "partner", "gruppen",
      "kompaniet", "akademin", "porten", "kraft", "verkstan", "byrån", "nätverket");

/* Industries of providers' employer networks (JP-4). */
WORDS(demo_industries, "Bygg och anläggning", "Handel och butik", "Hotell och restaurang",
      "Vård och omsorg", "Transport och logistik", "Lager och terminal",
      "Lokalvård och fastighetsservice", "IT och teknik", "Tillverkning och industri",
      "Kontor och administration", "Barn och fritid", "Försäljning och kundtjänst",
      "Gröna näringar", "Säkerhet och bevakning");

/* The groups of the labour-market unit. */
WORDS(demo_unit_groups, "Vägledning och matchning", "Etablering och språk", "Unga vuxna",
      "Arbetsträning och rehabilitering");
