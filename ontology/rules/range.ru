# OWL 2 RL prp-rng for object properties: the object is a member of the named range.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?y a ?class . GRAPH <https://w3id.org/drugkg/id/graph/inferred> { ?y a ?class } }
WHERE {
  GRAPH <https://w3id.org/drugkg/ontology> {
    ?property a owl:ObjectProperty ; rdfs:range ?class FILTER(isIRI(?class))
  }
  ?x ?property ?y .
  FILTER(!isLiteral(?y))
  FILTER NOT EXISTS { ?y a ?class }
}
