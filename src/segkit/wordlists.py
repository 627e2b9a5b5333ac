"""Function words and cue words for the languages segkit detects.

The classifier leans on features that hold across languages (length, punctuation,
position, repetition); these lists add the language's own function words (how
sentence-like a line is) and a few cue words. The page's language is the list whose
function words cover most of its words.
"""

from __future__ import annotations

STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the a an and or but of to in on at for with from by as is are was were be been "
              "it its this that these those he she they we you i his her their our not no has "
              "have had will would can could said says which who what when there than also",
        "de": "der die das und oder aber von zu im in am an auf für mit aus bei als ist sind war "
              "waren sein es ein eine einen einem dem den des nicht auch sich er sie wir ihr "
              "hat haben wird werden nach wie noch nur dass zum zur über um",
        "fr": "le la les un une des et ou mais de du au aux en dans sur pour avec par est sont "
              "était été être il elle ils elles nous vous je ne pas que qui ce cette ces son sa "
              "ses leur plus a ont se qu aussi comme",
        "es": "el la los las un una unos y o pero de del al en con por para es son fue ser está "
              "han ha que se no lo le su sus como más este esta estos entre sobre también muy "
              "hay cuando",
        "pt": "o a os as um uma uns umas e ou mas de do da dos das no na nos nas em com por "
              "para é são foi ser está que se não ao aos seu sua seus como mais este esta isso "
              "também pelo pela",
        "it": "il lo la i gli le un una uno e o ma di del della dei degli delle a al alla in "
              "nel nella con per su è sono era che non si come più anche questo questa suo sua "
              "ha hanno da dal",
        "nl": "de het een en of maar van in op aan voor met uit bij als is zijn was waren dat die "
              "niet ook zich hij zij we ze heeft hebben wordt worden naar om te er dan nog",
        "sv": "och att det som en ett är av för på med till den har inte om de var jag han hon "
              "men vi kan sig ska så från eller när",
        "da": "og at det som en et er af for på med til den har ikke om de var jeg han hun men "
              "vi kan sig skal så fra eller når",
        "no": "og å det som en et er av for på med til den har ikke om de var jeg han hun men "
              "vi kan seg skal så fra eller når",
        "pl": "i w na z do że nie się to jest o od po przez dla jak ale za co jego jej są był "
              "była być tak już oraz ich tylko może",
        "cs": "a v na s z do že ne se to je o od po pro jak ale za co jeho její jsou byl byla "
              "být tak už nebo jen také",
        "ru": "и в на с по что не это как из к у за от для о но же так он она они мы вы его её "
              "их был была были быть а также только уже",
        "tr": "ve bir bu da de için ile olarak daha çok en gibi ama o ne var olan kadar sonra "
              "mi ya her şey",
        "id": "dan yang di ke dari untuk dengan ini itu pada adalah dalam tidak akan juga oleh "
              "atau ada karena sebagai bahwa mereka kami kita saya telah sudah",
        "ro": "și în de la cu pe din care este sunt a al ale o un nu se că mai pentru prin "
              "dar sau fost",
        "hu": "a az és hogy nem is egy van volt meg de csak már ez azt mint ki mi el",
        "fi": "ja on ei että se oli ovat hän tai kun mutta myös kuin niin jo sekä",
    }.items()
}

# Month and weekday names (and their usual abbreviations) that may make up a date line.
DATE_WORDS: frozenset[str] = frozenset("""
january february march april may june july august september october november december jan
feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
saturday sunday mon tue tues wed thu thur thurs fri sat sun januar februar märz mai juni
juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag janvier
février mars avril juin juillet août septembre octobre novembre décembre lundi mardi
mercredi jeudi vendredi samedi dimanche enero febrero marzo abril mayo junio julio agosto
septiembre setiembre octubre noviembre diciembre lunes martes miércoles jueves viernes
sábado domingo janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
segunda terça quarta quinta sexta feira gennaio febbraio aprile maggio giugno luglio
settembre ottobre dicembre lunedì martedì mercoledì giovedì venerdì sabato domenica
januari februari maart mei augustus oktober styczeń stycznia lutego marca kwietnia maja
czerwca lipca sierpnia września października listopada grudnia января февраля марта апреля
мая июня июля августа сентября октября ноября декабря ocak şubat nisan mayıs haziran
temmuz ağustos eylül ekim kasım aralık
""".split())

# Words that may stand in a date or time line besides the names and numbers.
TIME_WORDS: frozenset[str] = frozenset("""
am pm a.m p.m at on of the de del do da le um am um um , updated update published posted
last modified edited ago hour hours minute minutes min mins second seconds day days week
weeks month months year years yesterday today just now h hrs st nd rd th aktualisiert
veröffentlicht uhr vor stunden stunde minuten tagen gestern heute publié mis à jour le il
y a heures heure hier aujourd'hui publicado actualizado hace horas hora ayer hoy
atualizado atualizada publicada há horas ontem hoje às pubblicato aggiornato ore fa ieri
oggi alle gepubliceerd bijgewerkt uur geleden gisteren vandaag om опубликовано обновлено
назад часа часов минут вчера сегодня в г
""".split())

# Words that start a byline, in the languages above ("By Jane Smith", "Von ...").
BYLINE_STARTS: frozenset[str] = frozenset("""
by von par por di door av af przez autor author authors written words reporting posted
autora autore auteur redacción redação текст автор oleh
""".split())
